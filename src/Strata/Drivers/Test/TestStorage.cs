using Strata.Pools;

namespace Strata.Drivers.Test;

/// <summary>
/// libvirt's test driver storage: pools and volumes in memory only, starting with its active pool
/// <c>default-pool</c> of 100 GiB. Nothing touches the disk, so building needs no directory and volumes have no bytes.
/// Refusals use the test driver's own wording ("is active"), which differs a little from the real storage driver's.
/// </summary>
public sealed class TestStorage : IStorageDriver
{
    /// <summary>Every test pool reports this capacity, as libvirt's test driver does.</summary>
    public const ulong PoolCapacity = 100UL << 30;

    private const string DefaultPoolXml = """
        <pool type='dir'>
          <name>default-pool</name>
          <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
          <target><path>/default-pool</path></target>
        </pool>
        """;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, TestPool> _pools = new(StringComparer.Ordinal);

    private sealed class TestPool(PoolDefinition definition)
    {
        public PoolDefinition Definition { get; set; } = definition;
        public bool Active { get; set; }
        public bool Autostart { get; set; }
        public SortedDictionary<string, VolumeInfo> Volumes { get; } = new(StringComparer.Ordinal);
        public PoolRef Ref => new(Definition.Name, Definition.Uuid);
    }

    /// <summary>The storage of a new test driver: <c>default-pool</c>, active and empty.</summary>
    public static TestStorage CreateDefault()
    {
        var storage = new TestStorage();
        var definition = PoolXml.Parse(DefaultPoolXml);
        storage._pools.Add(definition.Name, new TestPool(definition) { Active = true });
        return storage;
    }

    public Task<IReadOnlyList<PoolSummary>> ListPoolsAsync(CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<PoolSummary>>(() => _pools.Values.Select(p => new PoolSummary(p.Ref, Info(p))).ToList());

    public Task<PoolRef> LookupPoolByNameAsync(string name, CancellationToken cancellationToken) => Locked(() =>
        _pools.TryGetValue(name, out var pool) ? pool.Ref : throw new PoolNotFoundException($"no storage pool with matching name '{name}'"));

    public Task<PoolRef> LookupPoolByUuidAsync(Guid uuid, CancellationToken cancellationToken) => Locked(() =>
        _pools.Values.FirstOrDefault(p => p.Definition.Uuid == uuid)?.Ref ?? throw new PoolNotFoundException($"no storage pool with matching uuid '{uuid}'"));

    public Task<PoolRef> DefinePoolAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = PoolXml.Parse(xml);
        return Locked(() =>
        {
            PoolConflicts.Check(definition, _pools.Values.Select(p => p.Definition));
            if (_pools.TryGetValue(definition.Name, out var existing))
                existing.Definition = definition;
            else
                _pools.Add(definition.Name, new TestPool(definition));
            return new PoolRef(definition.Name, definition.Uuid);
        });
    }

    public Task UndefinePoolAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() =>
    {
        var found = Require(pool);
        if (found.Active)
            throw new OperationInvalidException($"storage pool '{pool.Name}' is active");
        _pools.Remove(pool.Name);
        return true;
    });

    public Task BuildPoolAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() =>
        Require(pool).Active ? throw new OperationInvalidException($"storage pool '{pool.Name}' is active") : true);

    public Task StartPoolAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() =>
    {
        var found = Require(pool);
        if (found.Active)
            throw new OperationInvalidException($"storage pool '{pool.Name}' is active");
        found.Active = true;
        return true;
    });

    public Task DestroyPoolAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() => RequireActive(pool).Active = false);

    public Task RefreshPoolAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() => RequireActive(pool));

    public Task SetPoolAutostartAsync(PoolRef pool, bool autostart, CancellationToken cancellationToken) => Locked(() => Require(pool).Autostart = autostart);

    public Task<PoolInfo> GetPoolInfoAsync(PoolRef pool, CancellationToken cancellationToken) => Locked(() => Info(Require(pool)));

    public Task<string> GetPoolXmlAsync(PoolRef pool, bool inactive, CancellationToken cancellationToken) => Locked(() =>
    {
        var found = Require(pool);
        return PoolXml.Format(found.Definition, found.Active ? Info(found) : null);
    });

    public Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(PoolRef pool, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<VolumeInfo>>(() => RequireActive(pool).Volumes.Values.ToList());

    public Task<VolumeRef> LookupVolumeAsync(PoolRef pool, string name, CancellationToken cancellationToken) => Locked(() =>
        RequireActive(pool).Volumes.TryGetValue(name, out var volume) ? volume.Volume : throw new VolumeNotFoundException($"no storage vol with matching name '{name}'"));

    public Task<VolumeRef> LookupVolumeByPathAsync(string path, CancellationToken cancellationToken) => Locked(() =>
        _pools.Values.Where(p => p.Active).SelectMany(p => p.Volumes.Values).FirstOrDefault(v => v.Volume.Path == path)?.Volume
        ?? throw new VolumeNotFoundException($"no storage vol with matching path '{path}'"));

    public Task<VolumeRef> CreateVolumeAsync(PoolRef pool, string xml, CancellationToken cancellationToken)
    {
        var definition = VolumeXml.Parse(xml);
        return Locked(() =>
        {
            var found = RequireActive(pool);
            if (found.Volumes.ContainsKey(definition.Name))
                throw new StrataException(ErrorCode.StorageVolumeExists, $"storage volume '{definition.Name}' exists already");
            var volume = new VolumeRef(pool.Name, definition.Name, found.Definition.TargetPath + "/" + definition.Name);
            found.Volumes.Add(definition.Name, new VolumeInfo
            {
                Volume = volume,
                Format = definition.Format,
                Capacity = definition.Capacity,
                Allocation = Math.Min(definition.Allocation ?? definition.Capacity, definition.Capacity),
                BackingPath = definition.BackingPath,
                BackingFormat = definition.BackingPath is null ? null : definition.BackingFormat,
            });
            return volume;
        });
    }

    public Task<VolumeRef> CloneVolumeAsync(VolumeRef source, string name, CancellationToken cancellationToken)
    {
        StorageNames.ValidateVolume(name);
        return Locked(() =>
        {
            var info = Find(source);
            var pool = _pools[source.Pool];
            if (pool.Volumes.ContainsKey(name))
                throw new StrataException(ErrorCode.StorageVolumeExists, $"storage volume '{name}' exists already");
            var clone = new VolumeRef(source.Pool, name, pool.Definition.TargetPath + "/" + name);
            pool.Volumes.Add(name, info with { Volume = clone });
            return clone;
        });
    }

    public Task DeleteVolumeAsync(VolumeRef volume, CancellationToken cancellationToken) => Locked(() => _pools[Find(volume).Volume.Pool].Volumes.Remove(volume.Name));

    public Task WipeVolumeAsync(VolumeRef volume, CancellationToken cancellationToken) => throw Unsupported("virStorageVolWipe");

    public Task ResizeVolumeAsync(VolumeRef volume, ulong capacity, bool allowShrink, CancellationToken cancellationToken) => throw Unsupported("virStorageVolResize");

    public Task<VolumeInfo> GetVolumeInfoAsync(VolumeRef volume, CancellationToken cancellationToken) => Locked(() => Find(volume));

    public Task<string> GetVolumeXmlAsync(VolumeRef volume, CancellationToken cancellationToken) => Locked(() => VolumeXml.Format(Find(volume)));

    public Task DownloadVolumeAsync(VolumeRef volume, Stream destination, ulong offset, ulong? length, CancellationToken cancellationToken) =>
        throw Unsupported("virStorageVolDownload");

    public Task UploadVolumeAsync(VolumeRef volume, Stream source, ulong offset, ulong? length, CancellationToken cancellationToken) =>
        throw Unsupported("virStorageVolUpload");

    private static PoolInfo Info(TestPool pool)
    {
        if (!pool.Active)
            return new PoolInfo(PoolState.Inactive, true, pool.Autostart, 0, 0, 0);
        ulong allocation = pool.Volumes.Values.Aggregate(0UL, (sum, v) => sum + v.Allocation);
        return new PoolInfo(PoolState.Running, true, pool.Autostart, PoolCapacity, allocation, PoolCapacity - Math.Min(allocation, PoolCapacity));
    }

    private TestPool Require(PoolRef pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return _pools.TryGetValue(pool.Name, out var found) && found.Definition.Uuid == pool.Uuid
            ? found
            : throw new PoolNotFoundException($"no storage pool with matching uuid '{pool.Uuid}' ({pool.Name})");
    }

    private TestPool RequireActive(PoolRef pool)
    {
        var found = Require(pool);
        return found.Active ? found : throw new OperationInvalidException($"storage pool '{pool.Name}' is not active");
    }

    private VolumeInfo Find(VolumeRef volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return _pools.TryGetValue(volume.Pool, out var pool) && pool.Active && pool.Volumes.TryGetValue(volume.Name, out var info)
            ? info
            : throw new VolumeNotFoundException($"no storage vol with matching name '{volume.Name}'");
    }

    private Task<T> Locked<T>(Func<T> action)
    {
        lock (_lock)
            return Task.FromResult(action());
    }

    private static StrataException Unsupported(string function) =>
        new(ErrorCode.NoSupport, $"this function is not supported by the connection driver: {function}");
}
