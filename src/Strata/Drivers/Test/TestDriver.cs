using Strata.Domains;

namespace Strata.Drivers.Test;

/// <summary>
/// libvirt's test driver: domains live in memory only, for as long as the connection. It starts, as libvirt's does,
/// with one running domain named <c>test</c>. Lifecycle rules match the QEMU driver, so front ends can be tested on it.
/// </summary>
public sealed class TestDriver : IDriver
{
    private const string DefaultDomainXml = """
        <domain type='qemu'>
          <name>test</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <memory unit='KiB'>8388608</memory>
          <currentMemory unit='KiB'>2097152</currentMemory>
          <vcpu placement='static'>2</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <boot dev='hd'/>
          </os>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <disk type='file' device='disk'>
              <source file='/guest/diskimage1'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <memballoon model='virtio'/>
          </devices>
        </domain>
        """;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, TestDomain> _domains = [];
    private int _nextId = 1;

    public string HypervisorName => "Test";

    /// <summary>libvirt's test storage: <c>default-pool</c> and whatever is made during the connection, in memory.</summary>
    public Pools.IStorageDriver? Storage { get; } = TestStorage.CreateDefault();

    public event EventHandler<DomainEvent>? DomainEventRaised;

    /// <summary>A new test driver holding libvirt's default running domain <c>test</c>.</summary>
    public static TestDriver CreateDefault()
    {
        var driver = new TestDriver();
        var definition = DomainXml.Parse(DefaultDomainXml);
        var domain = new TestDomain(definition) { Persistent = true };
        driver._domains.Add(definition.Uuid, domain);
        driver.Boot(domain);
        domain.Status = DomainStatus.Running(RunningReason.Unknown); // as libvirt's: it was never "booted" by anyone
        return driver;
    }

    public Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<DomainSummary> list = _domains.Values
                .Select(d => new DomainSummary(d.Ref, d.Status, d.Persistent, d.Autostart))
                .Where(s => DomainFilter.Matches(filter, s))
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<DomainRef> LookupByNameAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Find(d => d.Definition.Name == name, $"no domain with matching name '{name}'").Ref);

    public Task<DomainRef> LookupByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        Task.FromResult(Find(d => d.Definition.Uuid == uuid, $"no domain with matching uuid '{uuid}'").Ref);

    public Task<DomainRef> LookupByIdAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(Find(d => d.Id == id && d.Status.IsActive, $"no domain with matching id {id}").Ref);

    public Task<DomainRef> DefineAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = DomainXml.Parse(xml);
        lock (_lock)
        {
            var existing = CheckUnique(definition);
            if (existing is null)
            {
                existing = new TestDomain(definition) { Persistent = true };
                _domains.Add(definition.Uuid, existing);
            }
            else
            {
                existing.Definition = definition;
                existing.Persistent = true;
            }
            Raise(existing, DomainEventType.Defined, 0);
            return Task.FromResult(existing.Ref);
        }
    }

    public Task UndefineAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var d = Get(domain);
            if (!d.Persistent)
                throw new OperationInvalidException("cannot undefine transient domain");
            Raise(d, DomainEventType.Undefined, 0);
            if (d.Status.IsActive)
                d.Persistent = false;
            else
                _domains.Remove(d.Definition.Uuid);
            return Task.CompletedTask;
        }
    }

    public Task<DomainRef> CreateAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = DomainXml.Parse(xml);
        lock (_lock)
        {
            var existing = CheckUnique(definition);
            if (existing is not null)
                DomainTransitions.RequireInactive(existing.Status);
            var domain = existing ?? new TestDomain(definition);
            _domains[definition.Uuid] = domain;
            Boot(domain, definition);
            return Task.FromResult(domain.Ref);
        }
    }

    public Task<DomainRef> StartAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var d = Get(domain);
            DomainTransitions.RequireInactive(d.Status);
            Boot(d);
            return Task.FromResult(d.Ref);
        }
    }

    // The test driver's guest "powers off" at once, as libvirt's does.
    public Task ShutdownAsync(DomainRef domain, CancellationToken cancellationToken) =>
        Stop(domain, ShutoffReason.Shutdown, requireRunning: true);

    public Task DestroyAsync(DomainRef domain, CancellationToken cancellationToken) =>
        Stop(domain, ShutoffReason.Destroyed, requireRunning: false);

    public Task RebootAsync(DomainRef domain, CancellationToken cancellationToken) => Change(domain, d => DomainTransitions.RequireActive(d.Status));

    public Task ResetAsync(DomainRef domain, CancellationToken cancellationToken) => Change(domain, d => DomainTransitions.RequireActive(d.Status));

    public Task SuspendAsync(DomainRef domain, CancellationToken cancellationToken) => Change(domain, d =>
    {
        DomainTransitions.RequireActive(d.Status);
        d.Status = DomainStatus.Paused(PausedReason.User);
        Raise(d, DomainEventType.Suspended, 0);
    });

    public Task ResumeAsync(DomainRef domain, CancellationToken cancellationToken) => Change(domain, d =>
    {
        DomainTransitions.RequirePaused(d.Status);
        d.Status = DomainStatus.Running(RunningReason.Unpaused);
        Raise(d, DomainEventType.Resumed, 0);
    });

    public async Task<DomainStatus> WaitForStopAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(object? sender, DomainEvent e)
        {
            if (e.Domain.Uuid == domain.Uuid && e.Type == DomainEventType.Stopped)
                stopped.TrySetResult();
        }
        DomainEventRaised += OnEvent;
        try
        {
            lock (_lock)
            {
                var d = _domains.GetValueOrDefault(domain.Uuid);
                if (d is null || !d.Status.IsActive)
                    return d?.Status ?? DomainStatus.Shutoff(ShutoffReason.Unknown);
            }
            await stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
                return _domains.GetValueOrDefault(domain.Uuid)?.Status ?? DomainStatus.Shutoff(ShutoffReason.Unknown);
        }
        finally
        {
            DomainEventRaised -= OnEvent;
        }
    }

    public Task<DomainStatus> GetStatusAsync(DomainRef domain, CancellationToken cancellationToken) => Read(domain, d => d.Status);

    public Task<DomainInfo> GetInfoAsync(DomainRef domain, CancellationToken cancellationToken) => Read(domain, d =>
    {
        var def = d.Current;
        // As libvirt's test driver, CPU time is wall time since the domain started.
        ulong cpuTime = d.Status.IsActive ? (ulong)Math.Max(0, (DateTime.UtcNow - d.StartedAt).Ticks) * 100 : 0;
        return new DomainInfo(d.Status, def.MemoryKiB, def.CurrentMemoryKiB, def.OnlineVcpus, cpuTime);
    });

    /// <summary>Like libvirt's test driver, only the state group: the test domains have no process to measure.</summary>
    public Task<IReadOnlyList<TypedParameter>> GetStatsAsync(DomainRef domain, DomainStatsGroups groups, bool enforce, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<TypedParameter>>(domain, d => DomainStatsRequest.Select(groups, enforce) is { } gathered && gathered.HasFlag(DomainStatsGroups.State)
            ? [TypedParameter.Int("state.state", (int)d.Status.State), TypedParameter.Int("state.reason", d.Status.Reason)]
            : []);

    /// <summary>The balloon's size is the domain's current memory; there is no process whose memory could be measured.</summary>
    public Task<IReadOnlyList<MemoryStat>> GetMemoryStatsAsync(DomainRef domain, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<MemoryStat>>(domain, d =>
        {
            DomainTransitions.RequireActive(d.Status);
            return [new MemoryStat(MemoryStatTag.ActualBalloon, d.Current.CurrentMemoryKiB)];
        });

    /// <summary>The test domains have no disk images: as libvirt's test driver, this call is not supported.</summary>
    public Task<BlockInfo> GetBlockInfoAsync(DomainRef domain, string disk, CancellationToken cancellationToken) =>
        throw new StrataException(ErrorCode.NoSupport, "this function is not supported by the connection driver: virDomainGetBlockInfo");

    /// <summary>Like libvirt's test driver: every vCPU runs on host CPU 0, may run on any, and has the domain's CPU time.</summary>
    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(domain, cancellationToken).ConfigureAwait(false);
        if (!info.Status.IsActive)
            throw new OperationInvalidException("cannot list vcpus for an inactive domain");
        var node = await GetNodeInfoAsync(cancellationToken).ConfigureAwait(false);
        int[] anyCpu = [.. Enumerable.Range(0, node.Cpus)];
        return [.. Enumerable.Range(0, info.Vcpus).Select(n => new VcpuInfo(n, VcpuState.Running, info.CpuTimeNs, 0, anyCpu))];
    }

    public Task<bool> IsPersistentAsync(DomainRef domain, CancellationToken cancellationToken) => Read(domain, d => d.Persistent);

    public Task<string> GetOsTypeAsync(DomainRef domain, CancellationToken cancellationToken) => Task.FromResult("hvm");

    public Task<string> GetXmlAsync(DomainRef domain, bool inactive, CancellationToken cancellationToken) =>
        Read(domain, d => !inactive && d.Live is not null ? DomainXml.Format(d.Live, d.Id) : DomainXml.Format(d.Definition));

    public Task<bool> GetAutostartAsync(DomainRef domain, CancellationToken cancellationToken) => Read(domain, d => d.Autostart);

    public Task SetAutostartAsync(DomainRef domain, bool autostart, CancellationToken cancellationToken) => Change(domain, d =>
    {
        if (!d.Persistent)
            throw new OperationInvalidException("cannot set autostart for transient domain");
        d.Autostart = autostart;
    });

    public Task SetMemoryAsync(DomainRef domain, ulong memoryKiB, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        Modify(domain, impact, config => DefinitionChanges.SetMemory(config, memoryKiB, maximum), live => maximum
            ? throw new OperationInvalidException("cannot resize the maximum memory on an active domain")
            : DefinitionChanges.SetMemory(live, memoryKiB, maximum: false));

    public Task SetVcpusAsync(DomainRef domain, int count, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        Modify(domain, impact, config => DefinitionChanges.SetVcpus(config, count, maximum, live: false), live => maximum
            ? throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: maximum vcpu count of a live domain can't be modified")
            : DefinitionChanges.SetVcpus(live, count, maximum: false, live: true));

    /// <summary>The test domains have no devices to plug: a running one takes the device into its live definition.</summary>
    public Task AttachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        Modify(domain, impact, config => DefinitionChanges.AttachDevice(config, deviceXml), live => DefinitionChanges.AttachDevice(live, deviceXml));

    public Task DetachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        Modify(domain, impact, config => DefinitionChanges.DetachDevice(config, deviceXml), live => DefinitionChanges.DetachDevice(live, deviceXml));

    /// <summary>One change to the persistent and/or live definition; both are made before either is kept.</summary>
    private Task Modify(DomainRef domain, DomainModification impact, Func<DomainDefinition, DomainDefinition> config, Func<DomainDefinition, DomainDefinition> live) =>
        Change(domain, d =>
        {
            var targets = ModificationTargets.Resolve(impact, d.Status, d.Persistent);
            var newConfig = targets.Config ? config(d.Definition) : d.Definition;
            var newLive = targets.Live ? live(d.Current) : d.Live;
            d.Definition = newConfig;
            d.Live = newLive;
        });

    public Task<DomainConsole> OpenConsoleAsync(DomainRef domain, string? deviceName, bool force, CancellationToken cancellationToken) =>
        throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: the test driver has no consoles");

    public Task<StackReport> GetStackAsync(DomainRef domain, CancellationToken cancellationToken) => Read(domain, d => new StackReport(
    [
        new StackLayer("domain", $"{d.Definition.Name} ({d.Status.StateText})", [new("uuid", d.Definition.Uuid.ToString())]),
        new StackLayer("driver", "test (in memory: nothing runs, nothing is written)", []),
    ]));

    public Task<string> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        Task.FromResult("<capabilities>\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n" +
            "    <topology>\n      <cells num='2'>\n        <cell id='0'>\n          <memory unit='KiB'>2097152</memory>\n        </cell>\n" +
            "        <cell id='1'>\n          <memory unit='KiB'>4194304</memory>\n        </cell>\n      </cells>\n    </topology>\n  </host>\n  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <wordsize>64</wordsize>\n      <domain type='test'/>\n    </arch>\n  </guest>\n</capabilities>\n");

    public Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virtType, CancellationToken cancellationToken) =>
        throw new StrataException(ErrorCode.NoSupport, "this function is not supported by the connection driver: virConnectGetDomainCapabilities");

    public Task<ulong> GetHypervisorVersionAsync(CancellationToken cancellationToken) => Task.FromResult(2UL);

    public Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2));

    public Task<string> GetHostnameAsync(CancellationToken cancellationToken) => Task.FromResult(Environment.MachineName);

    // libvirt's test driver's fixed numbers: the same CPU time for every CPU, two cells of free memory.
    private static readonly ulong[] CellsFreeBytes = [2 * 1024 * 1024, 4 * 1024 * 1024];

    public Task<IReadOnlyList<NodeStat>> GetNodeCpuStatsAsync(int cpu, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NodeStat>>([new("user", 9797400000), new("kernel", 34678723400000), new("idle", 87264900000), new("iowait", 763600000)]);

    public Task<IReadOnlyList<NodeStat>> GetNodeMemoryStatsAsync(int cell, CancellationToken cancellationToken) =>
        throw new StrataException(ErrorCode.NoSupport, "this function is not supported by the connection driver: virNodeGetMemoryStats");

    public Task<IReadOnlyList<ulong>> GetCellsFreeMemoryAsync(int startCell, int maxCells, CancellationToken cancellationToken) =>
        startCell < 0 || startCell >= CellsFreeBytes.Length
            ? throw new StrataException(ErrorCode.InvalidArg, "invalid argument: Range exceeds available cells")
            : Task.FromResult<IReadOnlyList<ulong>>([.. CellsFreeBytes.Skip(startCell).Take(Math.Max(maxCells, 0))]);

    public Task<ulong> GetFreeMemoryAsync(CancellationToken cancellationToken) => Task.FromResult(3UL * 1024 * 1024);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Starts a domain; it runs <paramref name="live"/> (create's XML), else its stored definition.</summary>
    private void Boot(TestDomain domain, DomainDefinition? live = null)
    {
        domain.Live = live ?? domain.Definition;
        domain.Id = _nextId++;
        domain.StartedAt = DateTime.UtcNow;
        domain.Status = DomainStatus.Running(RunningReason.Booted);
        Raise(domain, DomainEventType.Started, 0);
    }

    private Task Stop(DomainRef domain, ShutoffReason reason, bool requireRunning) => Change(domain, d =>
    {
        if (requireRunning)
            DomainTransitions.RequireActiveCheckedByDriver(d.Status);
        else
            DomainTransitions.RequireActive(d.Status);
        if (requireRunning && d.Status.State == DomainState.Paused)
            throw new OperationInvalidException("domain is paused");
        d.Status = DomainStatus.Shutoff(reason);
        Raise(d, DomainEventType.Stopped, StoppedDetail.For(reason));
        d.Id = DomainRef.InactiveId;
        d.Live = null;
        if (!d.Persistent)
            _domains.Remove(d.Definition.Uuid);
    });

    /// <summary>Finds the domain that clashes with a new definition: same name or same UUID must be the same domain.</summary>
    private TestDomain? CheckUnique(DomainDefinition definition)
    {
        var byName = _domains.Values.FirstOrDefault(d => d.Definition.Name == definition.Name);
        _domains.TryGetValue(definition.Uuid, out var byUuid);
        if (byName is not null && byName != byUuid)
            throw DomainConflicts.NameTaken(definition.Name, byName.Definition.Uuid);
        if (byUuid is not null && byName is null)
            throw DomainConflicts.UuidTaken(byUuid.Definition.Name, definition.Uuid);
        return byUuid;
    }

    private TestDomain Find(Func<TestDomain, bool> match, string notFound)
    {
        lock (_lock)
            return _domains.Values.FirstOrDefault(match) ?? throw new DomainNotFoundException(notFound);
    }

    private TestDomain Get(DomainRef domain) =>
        _domains.GetValueOrDefault(domain.Uuid) ?? throw new DomainNotFoundException($"no domain with matching uuid '{domain.Uuid}' ({domain.Name})");

    private Task<T> Read<T>(DomainRef domain, Func<TestDomain, T> read)
    {
        lock (_lock)
            return Task.FromResult(read(Get(domain)));
    }

    private Task Change(DomainRef domain, Action<TestDomain> change)
    {
        lock (_lock)
            change(Get(domain));
        return Task.CompletedTask;
    }

    private void Raise(TestDomain domain, DomainEventType type, int detail) =>
        DomainEventRaised?.Invoke(this, new DomainEvent(domain.Ref, type, detail));

    private sealed class TestDomain(DomainDefinition definition)
    {
        /// <summary>The persistent definition (for a transient domain, the one it was created from).</summary>
        public DomainDefinition Definition { get; set; } = definition;

        /// <summary>What the running domain was started with; a define meanwhile changes only <see cref="Definition"/>.</summary>
        public DomainDefinition? Live { get; set; }

        public DomainDefinition Current => Live ?? Definition;
        public DomainStatus Status { get; set; } = DomainStatus.Shutoff(ShutoffReason.Unknown);
        public int Id { get; set; } = DomainRef.InactiveId;
        public DateTime StartedAt { get; set; }
        public bool Persistent { get; set; }
        public bool Autostart { get; set; }
        public DomainRef Ref => new(Definition.Name, Definition.Uuid, Status.IsActive ? Id : DomainRef.InactiveId);
    }
}
