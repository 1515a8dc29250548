using Strata.Domains;
using Strata.Images;
using Strata.Storage;

namespace Strata.Pools;

/// <summary>
/// Directory pools on this host, for the local drivers: definitions and state in files (any process sees the same
/// pools), volumes as image files made and read through the image library. Nothing that matters is kept in memory.
/// </summary>
public sealed class LocalStorage : IStorageDriver
{
    /// <summary>How long a pool change waits for another process's, as the domain lock.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly PoolFiles _files;
    private readonly ActiveDisksSource _activeDisks;

    /// <summary>Pools kept beside a driver's state (<c>…/strata/storage</c> next to <c>…/strata/qemu</c>); <paramref name="activeDisks"/> tells which volumes running domains hold.</summary>
    public LocalStorage(StatePaths driverPaths, ActiveDisksSource activeDisks)
    {
        ArgumentNullException.ThrowIfNull(driverPaths);
        _files = PoolFiles.Beside(driverPaths);
        _activeDisks = activeDisks;
    }

    public Task<IReadOnlyList<PoolSummary>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PoolSummary> pools = _files.Names()
            .Select(name => _files.ReadDefinition(name))
            .OfType<PoolDefinition>()
            .Select(definition => new PoolSummary(new PoolRef(definition.Name, definition.Uuid), Info(definition)))
            .ToList();
        return Task.FromResult(pools);
    }

    public Task<PoolRef> LookupPoolByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var definition = StorageNames.IsValid(name) ? _files.ReadDefinition(name) : null;
        return Task.FromResult(definition is null
            ? throw new PoolNotFoundException($"no storage pool with matching name '{name}'")
            : new PoolRef(definition.Name, definition.Uuid));
    }

    public Task<PoolRef> LookupPoolByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        Task.FromResult(FindByUuid(uuid) is { } definition
            ? new PoolRef(definition.Name, definition.Uuid)
            : throw new PoolNotFoundException($"no storage pool with matching uuid '{uuid}'"));

    public async Task<PoolRef> DefinePoolAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = PoolXml.Parse(xml);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        PoolConflicts.Check(definition, AllDefinitions());
        await _files.WriteDefinitionAsync(definition, cancellationToken).ConfigureAwait(false);
        return new PoolRef(definition.Name, definition.Uuid);
    }

    public async Task UndefinePoolAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var definition = Require(pool);
        if (_files.ReadStatus(definition.Name) is not null)
            throw new OperationInvalidException($"storage pool '{definition.Name}' is still active");
        _files.DeleteDefinition(definition.Name);
    }

    public async Task BuildPoolAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var definition = Require(pool);
        if (_files.ReadStatus(definition.Name) is not null)
            throw new OperationInvalidException($"storage pool '{definition.Name}' is already active");
        Build(definition);
    }

    public async Task StartPoolAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var definition = Require(pool);
        if (_files.ReadStatus(definition.Name) is not null)
            throw new OperationInvalidException($"storage pool '{definition.Name}' is already active");
        RequireDirectory(definition);
        await _files.WriteStatusAsync(definition, cancellationToken).ConfigureAwait(false);
    }

    public async Task DestroyPoolAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        RequireActive(pool);
        _files.DeleteStatus(pool.Name);
    }

    public Task RefreshPoolAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        RequireDirectory(RequireActive(pool));
        return Task.CompletedTask;
    }

    public async Task SetPoolAutostartAsync(PoolRef pool, bool autostart, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        await _files.SetAutostartAsync(Require(pool).Name, autostart, cancellationToken).ConfigureAwait(false);
    }

    public Task<PoolInfo> GetPoolInfoAsync(PoolRef pool, CancellationToken cancellationToken) => Task.FromResult(Info(Require(pool)));

    public Task<string> GetPoolXmlAsync(PoolRef pool, bool inactive, CancellationToken cancellationToken)
    {
        var definition = Require(pool);
        // As libvirt: the inactive XML differs from the live one only when the pool was redefined while running.
        if (_files.ReadStatus(definition.Name) is not { } live || inactive && live != definition)
            return Task.FromResult(PoolXml.Format(definition));
        return Task.FromResult(PoolXml.Format(live, Info(definition), FileStatus.Of(live.TargetPath)));
    }

    public Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        var live = RequireActive(pool);
        RequireDirectory(live);
        var volumes = new List<VolumeInfo>();
        foreach (var file in new DirectoryInfo(live.TargetPath).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            // A symlink could lead a volume out of the pool's directory; names no volume can have are not volumes.
            if (file.LinkTarget is not null || !StorageNames.IsValid(file.Name))
                continue;
            try
            {
                volumes.Add(VolumeFiles.Describe(new VolumeRef(live.Name, file.Name, file.FullName)));
            }
            catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or IOException or UnauthorizedAccessException or StrataException)
            {
                // As libvirt's refresh: a file that cannot be read as an image is left out, not fatal to the listing.
            }
        }
        return Task.FromResult<IReadOnlyList<VolumeInfo>>(volumes);
    }

    public Task<VolumeRef> LookupVolumeAsync(PoolRef pool, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var live = RequireActive(pool);
        return Task.FromResult(FindVolume(live, name) ?? throw new VolumeNotFoundException($"no storage vol with matching name '{name}'"));
    }

    public Task<VolumeRef> LookupVolumeByPathAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathFullyQualified(path))
        {
            string full = PoolXml.Canonical(path);
            foreach (var live in ActiveDefinitions())
            {
                if (Path.GetDirectoryName(full) == live.TargetPath && FindVolume(live, Path.GetFileName(full)) is { } volume)
                    return Task.FromResult(volume);
            }
        }
        throw new VolumeNotFoundException($"no storage vol with matching path '{path}'");
    }

    public async Task<VolumeRef> CreateVolumeAsync(PoolRef pool, string xml, CancellationToken cancellationToken)
    {
        var definition = VolumeXml.Parse(xml);
        var live = RequireActive(pool);
        RequireDirectory(live);
        string path = Path.Combine(live.TargetPath, definition.Name);
        if (definition.BackingPath is { } backing && PoolXml.Canonical(backing) == path)
            throw new OperationInvalidException($"volume '{definition.Name}' cannot be its own backing store");
        await Task.Run(() => VolumeFiles.Create(path, definition), cancellationToken).ConfigureAwait(false);
        return new VolumeRef(live.Name, definition.Name, path);
    }

    public async Task<VolumeRef> CloneVolumeAsync(VolumeRef source, string name, CancellationToken cancellationToken)
    {
        var info = Describe(source, out var live);
        StorageNames.ValidateVolume(name);
        string path = Path.Combine(live.TargetPath, name);
        await VolumeFiles.CloneAsync(info, path, name, cancellationToken).ConfigureAwait(false);
        return new VolumeRef(live.Name, name, path);
    }

    public async Task DeleteVolumeAsync(VolumeRef volume, CancellationToken cancellationToken)
    {
        var info = Describe(volume, out _);
        await RequireUnusedAsync(info.Volume, cancellationToken).ConfigureAwait(false);
        AtomicFile.Delete(info.Volume.Path);
    }

    public async Task WipeVolumeAsync(VolumeRef volume, CancellationToken cancellationToken)
    {
        var info = Describe(volume, out _);
        await RequireUnusedAsync(info.Volume, cancellationToken).ConfigureAwait(false);
        VolumeFiles.Wipe(info);
    }

    public async Task ResizeVolumeAsync(VolumeRef volume, ulong capacity, bool allowShrink, CancellationToken cancellationToken)
    {
        var info = Describe(volume, out _);
        // QEMU has the image open: changing its size or metadata underneath it would corrupt what the guest sees.
        await RequireUnusedAsync(info.Volume, cancellationToken).ConfigureAwait(false);
        await VolumeFiles.ResizeAsync(info, capacity, allowShrink, cancellationToken).ConfigureAwait(false);
    }

    public Task<VolumeInfo> GetVolumeInfoAsync(VolumeRef volume, CancellationToken cancellationToken) => Task.FromResult(Describe(volume, out _));

    public Task<string> GetVolumeXmlAsync(VolumeRef volume, CancellationToken cancellationToken) => Task.FromResult(VolumeXml.Format(Describe(volume, out _)));

    public Task DownloadVolumeAsync(VolumeRef volume, Stream destination, ulong offset, ulong? length, CancellationToken cancellationToken) =>
        VolumeFiles.DownloadAsync(Describe(volume, out _).Volume.Path, destination, offset, length, cancellationToken);

    public async Task UploadVolumeAsync(VolumeRef volume, Stream source, ulong offset, ulong? length, CancellationToken cancellationToken)
    {
        var info = Describe(volume, out _);
        await RequireUnusedAsync(info.Volume, cancellationToken).ConfigureAwait(false);
        await VolumeFiles.UploadAsync(info.Volume.Path, source, offset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The definition with every <c>&lt;disk type='volume'&gt;</c> given its volume's path and format, for a driver
    /// about to start the domain. An unknown or inactive pool, a missing volume, or a format that contradicts the
    /// volume's is an error, so nothing starts.
    /// </summary>
    public DomainDefinition ResolveVolumeDisks(DomainDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.Devices.Disks.Any(d => d.Type == DiskType.Volume))
            return definition;
        var disks = definition.Devices.Disks.Select(disk => disk.Type == DiskType.Volume ? Resolve(disk) : disk).ToList();
        return definition with { Devices = definition.Devices with { Disks = disks } };
    }

    private DiskDefinition Resolve(DiskDefinition disk)
    {
        string poolName = disk.SourcePool!, volumeName = disk.SourceVolume!;
        var definition = (StorageNames.IsValid(poolName) ? _files.ReadDefinition(poolName) : null)
            ?? throw new PoolNotFoundException($"no storage pool with matching name '{poolName}'");
        var live = _files.ReadStatus(definition.Name)
            ?? throw new OperationInvalidException($"storage pool '{poolName}' containing volume '{volumeName}' is not active");
        var volume = FindVolume(live, volumeName) ?? throw new VolumeNotFoundException($"no storage vol with matching name '{volumeName}'");
        var format = VolumeFiles.Describe(volume).Format == ImageFormat.Qcow2 ? DiskFormat.Qcow2 : DiskFormat.Raw;
        if (disk.Format is { } given && given != format)
            throw new InvalidDefinitionException(
                $"unsupported configuration: disk '{disk.TargetDev}' has format '{given.ToString().ToLowerInvariant()}' but volume '{volumeName}' of pool '{poolName}' is {format.ToString().ToLowerInvariant()}",
                ErrorCode.ConfigUnsupported);
        return disk with { SourcePath = volume.Path, Format = format };
    }

    /// <summary>Refuses while a running domain's disk is this volume or has it in its backing chain.</summary>
    private async Task RequireUnusedAsync(VolumeRef volume, CancellationToken cancellationToken)
    {
        string target = ImageChain.RealPath(volume.Path);
        foreach (var use in await _activeDisks(cancellationToken).ConfigureAwait(false))
        {
            if (ChainOf(use.Disk).Contains(target))
                throw new OperationInvalidException($"storage volume '{volume.Name}' is in use by running domain '{use.Domain}'");
        }
    }

    /// <summary>The real paths of a disk's image and its backing files; what cannot be read adds nothing.</summary>
    private List<string> ChainOf(DiskDefinition disk)
    {
        var chain = new List<string>();
        string? path = disk.SourcePath;
        if (disk.Type == DiskType.Volume)
        {
            try
            {
                path = Resolve(disk).SourcePath;
            }
            catch (StrataException)
            {
                return chain;
            }
        }
        if (path is null || !File.Exists(path))
            return chain;
        chain.Add(ImageChain.RealPath(path));
        try
        {
            using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = true });
            for (var layer = image.Backing; layer is not null; layer = layer.Backing)
                chain.Add(ImageChain.RealPath(layer.Path));
        }
        catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or BackingChainException or IOException or UnauthorizedAccessException)
        {
        }
        return chain;
    }

    private VolumeInfo Describe(VolumeRef volume, out PoolDefinition live)
    {
        ArgumentNullException.ThrowIfNull(volume);
        live = (StorageNames.IsValid(volume.Pool) ? _files.ReadStatus(volume.Pool) : null)
            ?? throw new VolumeNotFoundException($"no storage vol with matching path '{volume.Path}'");
        // The path is derived from the pool and name, never taken from the caller.
        var found = FindVolume(live, volume.Name) ?? throw new VolumeNotFoundException($"no storage vol with matching name '{volume.Name}'");
        return VolumeFiles.Describe(found);
    }

    private static VolumeRef? FindVolume(PoolDefinition live, string name)
    {
        if (!StorageNames.IsValid(name))
            return null;
        string path = Path.Combine(live.TargetPath, name);
        return File.Exists(path) && new FileInfo(path).LinkTarget is null ? new VolumeRef(live.Name, name, path) : null;
    }

    private PoolInfo Info(PoolDefinition definition)
    {
        bool autostart = _files.IsAutostart(definition.Name);
        if (_files.ReadStatus(definition.Name) is not { } live)
            return new PoolInfo(PoolState.Inactive, true, autostart, 0, 0, 0);
        // A directory removed under a running pool has no space to report (pool-refresh then says why).
        if (!Directory.Exists(live.TargetPath))
            return new PoolInfo(PoolState.Running, true, autostart, 0, 0, 0);
        var (capacity, allocation, available) = FileSystemSpace.Of(live.TargetPath);
        return new PoolInfo(PoolState.Running, true, autostart, capacity, allocation, available);
    }

    private PoolDefinition Require(PoolRef pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var definition = StorageNames.IsValid(pool.Name) ? _files.ReadDefinition(pool.Name) : null;
        if (definition is null || definition.Uuid != pool.Uuid)
            throw new PoolNotFoundException($"no storage pool with matching uuid '{pool.Uuid}' ({pool.Name})");
        return definition;
    }

    /// <summary>The definition the pool runs with; an error if it is not active.</summary>
    private PoolDefinition RequireActive(PoolRef pool)
    {
        var definition = Require(pool);
        return _files.ReadStatus(definition.Name) ?? throw new OperationInvalidException($"storage pool '{definition.Name}' is not active");
    }

    private static void RequireDirectory(PoolDefinition definition)
    {
        if (!Directory.Exists(definition.TargetPath))
            throw new StrataException(ErrorCode.OperationFailed, $"cannot open directory '{definition.TargetPath}': No such file or directory");
    }

    /// <summary>Creates the target directory (and its parents) with the definition's mode, or libvirt's 0711.</summary>
    private static void Build(PoolDefinition definition)
    {
        var mode = (UnixFileMode)(definition.Permissions?.Mode ?? PoolXml.DefaultDirectoryMode);
        Directory.CreateDirectory(definition.TargetPath);
        File.SetUnixFileMode(definition.TargetPath, mode);
    }

    private IEnumerable<PoolDefinition> AllDefinitions() => _files.Names().Select(_files.ReadDefinition).OfType<PoolDefinition>();

    private IEnumerable<PoolDefinition> ActiveDefinitions() => _files.Names().Select(_files.ReadStatus).OfType<PoolDefinition>();

    private PoolDefinition? FindByUuid(Guid uuid) => AllDefinitions().FirstOrDefault(d => d.Uuid == uuid);

    private async Task<FileLock> LockAsync(CancellationToken cancellationToken) =>
        await FileLock.TryAcquireAsync(_files.LockPath, LockTimeout, cancellationToken).ConfigureAwait(false)
        ?? throw new DomainBusyException("cannot acquire the storage lock: another strata process is changing pools");
}
