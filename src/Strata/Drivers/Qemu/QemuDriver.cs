using Strata.Domains;
using Strata.Pools;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// The QEMU driver: definitions and status in files, one detached QEMU process per running domain, controlled over
/// QMP. It keeps no state in memory that matters: every call sees the files as they are (its <see cref="DomainIndex"/>
/// rereads whatever changed) and asks QEMU, so any process (CLI or daemon) sees the same domains, and a QEMU that
/// died or powered off behind its back is noticed on the next look.
/// </summary>
public sealed partial class QemuDriver : IDriver
{
    /// <summary>How long a call waits for another process's operation on the same domain, as libvirt's job lock.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly DomainFiles _files;
    private readonly DomainIndex _index;
    private readonly ListingCache _listings = new();
    private readonly LocalStorage _storage;

    public QemuDriver(ConnectionUri uri, StatePaths paths)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Uri = uri;
        _files = new DomainFiles(paths);
        _index = new DomainIndex(_files);
        _storage = new LocalStorage(paths, ActiveDisksAsync);
    }

    /// <summary>Directory pools kept beside this driver's domains (<c>…/strata/storage</c>).</summary>
    public IStorageDriver Storage => _storage;

    public ConnectionUri Uri { get; }

    public StatePaths Paths => _files.Paths;

    public string HypervisorName => "QEMU";

    public event EventHandler<DomainEvent>? DomainEventRaised;

    public async Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter, CancellationToken cancellationToken)
    {
        var (generation, all) = _index.Snapshot();
        if (_listings.Find(filter, generation) is { } kept)
            return kept;
        var result = new List<DomainSummary>();
        bool anyRunning = false;
        foreach (var files in all)
        {
            anyRunning |= files.Status?.Value?.Record.Status.IsActive == true;
            var seen = await TryObserveAsync(files, probe: true, cancellationToken).ConfigureAwait(false);
            if (seen is null)
                continue;
            var summary = new DomainSummary(seen.Ref, seen.Status, seen.Persistent, files.Autostart);
            if (DomainFilter.Matches(filter, summary))
                result.Add(summary);
        }
        var listing = result.AsReadOnly();
        if (!anyRunning)
            _listings.Keep(filter, generation, listing);
        return listing;
    }

    public async Task<DomainRef> LookupByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsSafeName(name))
            throw new DomainNotFoundException($"no domain with matching name '{name}'");
        var seen = await ObserveAsync(name, locked: false, cancellationToken, probe: false).ConfigureAwait(false);
        return seen?.Ref ?? throw new DomainNotFoundException($"no domain with matching name '{name}'");
    }

    public async Task<DomainRef> LookupByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        (await FindByUuidAsync(uuid, exceptName: null, cancellationToken).ConfigureAwait(false))
        ?? throw new DomainNotFoundException($"no domain with matching uuid '{uuid}'");

    public async Task<DomainRef> LookupByIdAsync(int id, CancellationToken cancellationToken) =>
        (await FindAsync(d => d.Id == id && d.HasId, cancellationToken).ConfigureAwait(false))
        ?? throw new DomainNotFoundException($"no domain with matching id {id}");

    public async Task<DomainStatus> GetStatusAsync(DomainRef domain, CancellationToken cancellationToken) =>
        (await RequireAsync(domain, cancellationToken).ConfigureAwait(false)).Status;

    public async Task<DomainInfo> GetInfoAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        var definition = seen.Definition;
        ulong cpu = seen.Record is { Status.IsActive: true } record ? ProcessStats.CpuTime(record.Pid).TotalNs : 0;
        return new DomainInfo(seen.Status, definition.MemoryKiB, definition.CurrentMemoryKiB, definition.OnlineVcpus, cpu);
    }

    public async Task<bool> IsPersistentAsync(DomainRef domain, CancellationToken cancellationToken) =>
        (await RequireAsync(domain, cancellationToken).ConfigureAwait(false)).Persistent;

    public Task<string> GetOsTypeAsync(DomainRef domain, CancellationToken cancellationToken) => Task.FromResult("hvm");

    public async Task<string> GetXmlAsync(DomainRef domain, bool inactive, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (seen.Record is { Status.IsActive: true } record && (!inactive || seen.Config is null))
            return DomainXml.Format(seen.Definition, inactive ? null : record.Id);
        return DomainXml.Format(seen.Config ?? seen.Definition);
    }

    public async Task<bool> GetAutostartAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        return _files.IsAutostart(domain.Name);
    }

    public async Task SetAutostartAsync(DomainRef domain, bool autostart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (!seen.Persistent)
            throw new OperationInvalidException("cannot set autostart for transient domain");
        await _files.SetAutostartAsync(domain.Name, autostart, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _index.Dispose();
        _files.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A domain as the files and its QEMU show it right now.</summary>
    private sealed record Observed(string Name, DomainDefinition? Config, DomainStatusRecord? Record, DomainDefinition? Live)
    {
        public DomainStatus Status => Record?.Status ?? DomainStatus.Shutoff(ShutoffReason.Unknown);
        public bool Persistent => Config is not null;
        public DomainDefinition Definition => Record is { Status.IsActive: true } && Live is not null ? Live : Config ?? Live!;
        public DomainRef Ref => new(Name, Definition.Uuid, Record is { Status.IsActive: true } r ? r.Id : DomainRef.InactiveId);
    }

    private async Task<Observed> RequireAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var seen = IsSafeName(domain.Name) ? await ObserveAsync(domain.Name, locked: false, cancellationToken).ConfigureAwait(false) : null;
        if (seen is null || seen.Definition.Uuid != domain.Uuid)
            throw new DomainNotFoundException($"no domain with matching uuid '{domain.Uuid}' ({domain.Name})");
        return seen;
    }

    /// <summary>The disks of every running domain, for the storage side's "volume in use" check.</summary>
    private async Task<IReadOnlyList<DiskInUse>> ActiveDisksAsync(CancellationToken cancellationToken)
    {
        var disks = new List<DiskInUse>();
        foreach (var files in _index.All())
        {
            var seen = await TryObserveAsync(files, probe: false, cancellationToken).ConfigureAwait(false);
            if (seen?.Record is { Status.IsActive: true })
                disks.AddRange(seen.Definition.Devices.Disks.Select(disk => new DiskInUse(seen.Name, disk)));
        }
        return disks;
    }

    private async Task<DomainRef?> FindAsync(Func<DomainRef, bool> match, CancellationToken cancellationToken) =>
        await FirstAsync(_index.All(), match, cancellationToken).ConfigureAwait(false);

    /// <summary>The domain with <paramref name="uuid"/> other than <paramref name="exceptName"/>: only its own files are looked at.</summary>
    private async Task<DomainRef?> FindByUuidAsync(Guid uuid, string? exceptName, CancellationToken cancellationToken) =>
        await FirstAsync(_index.WithUuid(uuid), d => d.Uuid == uuid && d.Name != exceptName, cancellationToken).ConfigureAwait(false);

    private async Task<DomainRef?> FirstAsync(IEnumerable<IndexedDomain> candidates, Func<DomainRef, bool> match, CancellationToken cancellationToken)
    {
        foreach (var files in candidates)
        {
            var seen = await TryObserveAsync(files, probe: false, cancellationToken).ConfigureAwait(false);
            if (seen is not null && match(seen.Ref))
                return seen.Ref;
        }
        return null;
    }

    /// <summary>
    /// A look for listings and searches: a domain whose files cannot be read is left out (as libvirt skips a
    /// definition it cannot parse) rather than hiding every other domain. Looking it up by name still reports why.
    /// </summary>
    private async Task<Observed?> TryObserveAsync(IndexedDomain files, bool probe, CancellationToken cancellationToken)
    {
        try
        {
            return await ObserveAsync(files, locked: false, cancellationToken, probe).ConfigureAwait(false);
        }
        catch (StrataException e) when (e is InvalidDefinitionException || e.Code == ErrorCode.InternalError)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes the per-domain lock that serializes state changes across processes. Unless <paramref name="settle"/> is
    /// false, then waits for other processes' writes behind; a define takes the UUID lock next, and one wait after
    /// both covers what either guards.
    /// </summary>
    private async Task<RangeLock> LockAsync(string name, CancellationToken cancellationToken, bool settle = true)
    {
        var held = await RangeLock.TryAcquireAsync(_files.LockFilePath, DomainFiles.NameLockKey(name), LockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainBusyException($"cannot acquire state change lock for domain '{name}': another strata process is operating on it");
        return settle ? Settled(held) : held;
    }

    private async Task<RangeLock> LockUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        Settled(await RangeLock.TryAcquireAsync(_files.LockFilePath, DomainFiles.UuidLockKey(uuid), LockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainBusyException($"cannot acquire the lock on uuid {uuid}: another strata process is defining a domain with it"));

    // The process that held the lock before may still be writing its definition file behind: what the lock guards
    // is read only once that file is there.
    private RangeLock Settled(RangeLock held)
    {
        try
        {
            _files.AwaitOtherWriters();
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    // Names come from users and become file names: a name no definition could have is never looked for on disk.
    private static bool IsSafeName(string name) => DomainName.IsValid(name);

    private void Raise(DomainRef domain, DomainEventType type, int detail) =>
        DomainEventRaised?.Invoke(this, new DomainEvent(domain, type, detail));
}
