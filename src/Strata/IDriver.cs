namespace Strata;

/// <summary>
/// The contract every hypervisor driver fills (the libvirt layer's narrow waist). Front ends reach it only
/// through <see cref="Connection"/>; the daemon maps wire procedures onto it and the remote driver maps it onto them.
/// Definitions travel as libvirt domain XML, as they do in libvirt's API.
/// </summary>
public interface IDriver : IAsyncDisposable
{
    /// <summary>The hypervisor's name as virsh prints it ("QEMU", "Test").</summary>
    string HypervisorName { get; }

    Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter, CancellationToken cancellationToken);
    Task<DomainRef> LookupByNameAsync(string name, CancellationToken cancellationToken);
    Task<DomainRef> LookupByUuidAsync(Guid uuid, CancellationToken cancellationToken);
    Task<DomainRef> LookupByIdAsync(int id, CancellationToken cancellationToken);

    /// <summary>Stores a persistent definition (or replaces the one with the same name and UUID).</summary>
    Task<DomainRef> DefineAsync(string xml, CancellationToken cancellationToken);
    Task UndefineAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>Starts a transient domain that vanishes when it stops.</summary>
    Task<DomainRef> CreateAsync(string xml, CancellationToken cancellationToken);
    Task<DomainRef> StartAsync(DomainRef domain, CancellationToken cancellationToken);
    Task ShutdownAsync(DomainRef domain, CancellationToken cancellationToken);
    Task DestroyAsync(DomainRef domain, CancellationToken cancellationToken);
    Task RebootAsync(DomainRef domain, CancellationToken cancellationToken);
    Task ResetAsync(DomainRef domain, CancellationToken cancellationToken);
    Task SuspendAsync(DomainRef domain, CancellationToken cancellationToken);
    Task ResumeAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>Waits until the domain is no longer active (powered off, destroyed or crashed) and returns its final status.</summary>
    Task<DomainStatus> WaitForStopAsync(DomainRef domain, CancellationToken cancellationToken);

    Task<DomainStatus> GetStatusAsync(DomainRef domain, CancellationToken cancellationToken);
    Task<DomainInfo> GetInfoAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>
    /// A domain's statistics (libvirt's <c>virDomainListGetStats</c>) in the <paramref name="groups"/> asked for
    /// (none: all), under libvirt's names (<c>state.state</c>, <c>cpu.time</c>, <c>block.0.rd.bytes</c> …). What the
    /// domain's state does not have is left out, and so are groups the driver does not gather, unless
    /// <paramref name="enforce"/> makes them an error.
    /// </summary>
    Task<IReadOnlyList<TypedParameter>> GetStatsAsync(DomainRef domain, DomainStatsGroups groups, bool enforce, CancellationToken cancellationToken);

    /// <summary>A running domain's memory statistics (libvirt's <c>virDomainMemoryStats</c>); a domain that does not run is an error.</summary>
    Task<IReadOnlyList<MemoryStat>> GetMemoryStatsAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>
    /// The sizes of one of a domain's disks, named by its target (<c>vda</c>) or its source path (libvirt's
    /// <c>virDomainGetBlockInfo</c>).
    /// </summary>
    Task<BlockInfo> GetBlockInfoAsync(DomainRef domain, string disk, CancellationToken cancellationToken);

    /// <summary>A running domain's vCPUs (libvirt's <c>virDomainGetVcpus</c>); a domain that does not run is an error.</summary>
    Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef domain, CancellationToken cancellationToken);
    Task<bool> IsPersistentAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>The guest OS type ("hvm" for full virtualization).</summary>
    Task<string> GetOsTypeAsync(DomainRef domain, CancellationToken cancellationToken);

    /// <summary>The domain XML: live (with runtime details) while active unless <paramref name="inactive"/>.</summary>
    Task<string> GetXmlAsync(DomainRef domain, bool inactive, CancellationToken cancellationToken);
    Task<bool> GetAutostartAsync(DomainRef domain, CancellationToken cancellationToken);
    Task SetAutostartAsync(DomainRef domain, bool autostart, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a domain's memory in KiB (libvirt's <c>virDomainSetMemoryFlags</c>): the balloon target, or with
    /// <paramref name="maximum"/> the most the guest may have (persistent definitions only).
    /// </summary>
    Task SetMemoryAsync(DomainRef domain, ulong memoryKiB, bool maximum, DomainModification impact, CancellationToken cancellationToken);

    /// <summary>
    /// Sets how many vCPUs are online (hot-plugging them into a running domain), or with <paramref name="maximum"/>
    /// the most it may have (persistent definitions only): libvirt's <c>virDomainSetVcpusFlags</c>.
    /// </summary>
    Task SetVcpusAsync(DomainRef domain, int count, bool maximum, DomainModification impact, CancellationToken cancellationToken);

    /// <summary>Adds the device that <paramref name="deviceXml"/> describes (libvirt's <c>virDomainAttachDeviceFlags</c>).</summary>
    Task AttachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken);

    /// <summary>Removes the device that <paramref name="deviceXml"/> names (libvirt's <c>virDomainDetachDeviceFlags</c>).</summary>
    Task DetachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a console on one of the domain's character devices, for <c>console</c>: <paramref name="deviceName"/>
    /// is its alias (serial0, console1, ua-…), or null for the first console. <paramref name="force"/> takes the
    /// console over from another session, where sessions are kept (by a daemon).
    /// </summary>
    Task<DomainConsole> OpenConsoleAsync(DomainRef domain, string? deviceName, bool force, CancellationToken cancellationToken);

    /// <summary>The layers under a domain, top to bottom, for <c>stack</c>.</summary>
    Task<StackReport> GetStackAsync(DomainRef domain, CancellationToken cancellationToken);

    Task<string> GetCapabilitiesAsync(CancellationToken cancellationToken);
    Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virtType, CancellationToken cancellationToken);

    /// <summary>The hypervisor's version, encoded as libvirt does (major * 1,000,000 + minor * 1,000 + micro).</summary>
    Task<ulong> GetHypervisorVersionAsync(CancellationToken cancellationToken);
    Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken);

    /// <summary>virNodeGetCPUStats: the host's CPU time in nanoseconds, of one CPU or of all (<see cref="Host.HostStats.All"/>).</summary>
    Task<IReadOnlyList<NodeStat>> GetNodeCpuStatsAsync(int cpu, CancellationToken cancellationToken);

    /// <summary>virNodeGetMemoryStats: the host's memory in KiB, of one NUMA cell or of all (<see cref="Host.HostStats.All"/>).</summary>
    Task<IReadOnlyList<NodeStat>> GetNodeMemoryStatsAsync(int cell, CancellationToken cancellationToken);

    /// <summary>virNodeGetCellsFreeMemory: the free memory in bytes of NUMA cells from <paramref name="startCell"/>.</summary>
    Task<IReadOnlyList<ulong>> GetCellsFreeMemoryAsync(int startCell, int maxCells, CancellationToken cancellationToken);

    /// <summary>virNodeGetFreeMemory: the host's free memory in bytes.</summary>
    Task<ulong> GetFreeMemoryAsync(CancellationToken cancellationToken);

    /// <summary>The name of the host the driver runs on.</summary>
    Task<string> GetHostnameAsync(CancellationToken cancellationToken);

    /// <summary>Storage pools and volumes next to this driver's domains, or null when the driver has none to offer.</summary>
    Pools.IStorageDriver? Storage { get; }

    /// <summary>Lifecycle events of domains this driver instance manages, as they happen.</summary>
    event EventHandler<DomainEvent>? DomainEventRaised;
}

/// <summary>
/// An open console: the guest's bytes both ways (a read of 0 bytes means the guest's side ended), and which device
/// it is on (the host side's path where the driver knows it, so two names of one device are seen as one).
/// </summary>
public sealed record DomainConsole(string Device, Stream Stream) : IAsyncDisposable
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>Completes if another session takes the console over (<c>--force</c>): this one should then end, saying so.</summary>
    public Task TakenOver { get; init; } = Never;

    /// <summary>What the driver holds while the console is open (its claim on the device), released with the stream.</summary>
    public IDisposable? Hold { get; init; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Hold?.Dispose();
        }
    }
}

/// <summary>One layer of a running domain's stack, top to bottom.</summary>
public sealed record StackLayer(string Layer, string Summary, IReadOnlyList<KeyValuePair<string, string>> Details);

/// <summary>The live layers under a domain: domain → driver → process → accelerator.</summary>
public sealed record StackReport(IReadOnlyList<StackLayer> Layers);
