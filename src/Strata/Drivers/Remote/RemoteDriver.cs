using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The driver contract carried over libvirt's remote protocol to a daemon: stratad, or a real libvirtd. Each call
/// is the procedure libvirt's own remote driver would make.
/// </summary>
public sealed partial class RemoteDriver : IDriver
{
    /// <summary>Storage pools and volumes through the daemon's storage procedures.</summary>
    public Pools.IStorageDriver? Storage { get; }

    // VIR_DOMAIN_XML_INACTIVE.
    private const uint XmlInactive = 1 << 1;

    private const uint NoFlags = 0;

    private readonly RemoteClient _client;
    private readonly IDriver? _sameHost;
    private string _hypervisorName = "";
    private bool _keepaliveSupported;

    private RemoteDriver(RemoteClient client, string socketPath, IDriver? sameHost)
    {
        _client = client;
        SocketPath = socketPath;
        _sameHost = sameHost;
        Storage = new RemoteStorage(client);
    }

    /// <summary>The daemon's socket.</summary>
    public string SocketPath { get; }

    public string HypervisorName => _hypervisorName;

    /// <summary>
    /// Connects to the daemon at <paramref name="socketPath"/> and opens <paramref name="uri"/> there.
    /// <paramref name="sameHost"/>, when the daemon serves files of this host, is a direct driver over them: it
    /// answers what the protocol does not carry (the layers below the daemon). The remote driver
    /// owns it.
    /// </summary>
    public static async Task<RemoteDriver> OpenAsync(string socketPath, string uri, CancellationToken cancellationToken, IDriver? sameHost = null)
    {
        var client = await RemoteClient.ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        var driver = new RemoteDriver(client, socketPath, sameHost);
        try
        {
            await client.CallAsync(RemoteCalls.AuthList, XdrVoid.Value, cancellationToken).ConfigureAwait(false);
            await client.CallAsync(RemoteCalls.ConnectOpen, new ConnectOpenArgs(uri, NoFlags), cancellationToken).ConfigureAwait(false);
            driver._hypervisorName = (await client.CallAsync(RemoteCalls.ConnectGetType, XdrVoid.Value, cancellationToken).ConfigureAwait(false)).Value;
            client.EventReceived += driver.OnEvent;
            // As virsh: a daemon that speaks keepalive also pings this client, and a silent one is given up.
            driver._keepaliveSupported = (await client.CallAsync(RemoteCalls.ConnectSupportsFeature, new IntValue((int)DriverFeature.ProgramKeepalive), cancellationToken).ConfigureAwait(false)).Value == 1;
            if (driver._keepaliveSupported)
                await client.SetKeepaliveAsync(KeepaliveSettings.Client).ConfigureAwait(false);
            return driver;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// virConnectSetKeepAlive: how often a silent daemon is pinged and how many unanswered PINGs it may leave before the
    /// connection is given up (null: never). False when the daemon does not speak keepalive.
    /// </summary>
    public async Task<bool> SetKeepaliveAsync(KeepaliveSettings? settings)
    {
        if (!_keepaliveSupported)
            return false;
        await _client.SetKeepaliveAsync(settings).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter, CancellationToken cancellationToken)
    {
        var domains = await ListAsync((ListAllDomainsFlags)filter, cancellationToken).ConfigureAwait(false);
        var persistent = (await ListAsync(ListAllDomainsFlags.Persistent, cancellationToken).ConfigureAwait(false)).Select(d => d.Uuid).ToHashSet();
        var autostart = (await ListAsync(ListAllDomainsFlags.Autostart, cancellationToken).ConfigureAwait(false)).Select(d => d.Uuid).ToHashSet();
        var result = new List<DomainSummary>(domains.Count);
        foreach (var domain in domains)
        {
            var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
            result.Add(new DomainSummary(domain, status, persistent.Contains(domain.Uuid), autostart.Contains(domain.Uuid)));
        }
        return result;
    }

    public Task<DomainRef> LookupByNameAsync(string name, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainLookupByName, new StringValue(name), cancellationToken);

    public Task<DomainRef> LookupByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainLookupByUuid, new UuidValue(uuid), cancellationToken);

    public Task<DomainRef> LookupByIdAsync(int id, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainLookupById, new IntValue(id), cancellationToken);

    public Task<DomainRef> DefineAsync(string xml, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainDefineXml, new StringValue(xml), cancellationToken);

    public Task UndefineAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainUndefine, Dom(domain), cancellationToken);

    public Task<DomainRef> CreateAsync(string xml, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainCreateXml, new StringFlagsArgs(xml, NoFlags), cancellationToken);

    public Task<DomainRef> StartAsync(DomainRef domain, CancellationToken cancellationToken) =>
        DomainAsync(RemoteCalls.DomainCreateWithFlags, WithFlags(domain), cancellationToken);

    public Task ShutdownAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainShutdown, Dom(domain), cancellationToken);

    public Task DestroyAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainDestroy, Dom(domain), cancellationToken);

    public Task RebootAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainReboot, WithFlags(domain), cancellationToken);

    public Task ResetAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainReset, WithFlags(domain), cancellationToken);

    public Task SuspendAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainSuspend, Dom(domain), cancellationToken);

    public Task ResumeAsync(DomainRef domain, CancellationToken cancellationToken) => CallAsync(RemoteCalls.DomainResume, Dom(domain), cancellationToken);

    public async Task<DomainStatus> GetStatusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var state = await CallAsync(RemoteCalls.DomainGetState, WithFlags(domain), cancellationToken).ConfigureAwait(false);
        return new DomainStatus((DomainState)state.State, state.Reason);
    }

    public async Task<DomainInfo> GetInfoAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var info = await CallAsync(RemoteCalls.DomainGetInfo, Dom(domain), cancellationToken).ConfigureAwait(false);
        var state = (DomainState)info.State;
        // virDomainInfo has no reason: ask for it, so both drivers report the same status.
        var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
        return new DomainInfo(status.State == state ? status : new DomainStatus(state, 0), info.MaxMem, info.Memory, info.NrVirtCpu, info.CpuTime);
    }

    public async Task<IReadOnlyList<TypedParameter>> GetStatsAsync(DomainRef domain, DomainStatsGroups groups, bool enforce, CancellationToken cancellationToken)
    {
        var args = new ConnectGetAllDomainStatsArgs([RemoteDomain.From(domain)], (uint)groups, enforce ? DomainStatsRequest.EnforceFlag : 0);
        var ret = await CallAsync(RemoteCalls.ConnectGetAllDomainStats, args, cancellationToken).ConfigureAwait(false);
        return ret.Records is [var record] ? record.Parameters : [];
    }

    public async Task<IReadOnlyList<MemoryStat>> GetMemoryStatsAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var args = new DomainMemoryStatsArgs(RemoteDomain.From(domain), (uint)Enum.GetValues<MemoryStatTag>().Length, 0);
        var ret = await CallAsync(RemoteCalls.DomainMemoryStats, args, cancellationToken).ConfigureAwait(false);
        return [.. ret.Stats.Select(s => new MemoryStat(s.Tag, s.Value))];
    }

    public async Task<BlockInfo> GetBlockInfoAsync(DomainRef domain, string disk, CancellationToken cancellationToken)
    {
        var ret = await CallAsync(RemoteCalls.DomainGetBlockInfo, new DomainGetBlockInfoArgs(RemoteDomain.From(domain), disk, 0), cancellationToken).ConfigureAwait(false);
        return new BlockInfo(ret.Capacity, ret.Allocation, ret.Physical);
    }

    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(domain, cancellationToken).ConfigureAwait(false);
        var node = await GetNodeInfoAsync(cancellationToken).ConfigureAwait(false);
        int mapLength = CpuMaps.Length(node.Cpus);
        var ret = await CallAsync(RemoteCalls.DomainGetVcpus, new DomainGetVcpusArgs(RemoteDomain.From(domain), info.Vcpus, mapLength), cancellationToken).ConfigureAwait(false);
        return [.. ret.Info.Select((v, i) => new VcpuInfo((int)v.Number, (VcpuState)v.State, v.CpuTime, v.Cpu, CpuMaps.Read(ret.CpuMaps, i, mapLength)))];
    }

    public async Task<bool> IsPersistentAsync(DomainRef domain, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.DomainIsPersistent, Dom(domain), cancellationToken).ConfigureAwait(false)).Value != 0;

    public async Task<string> GetOsTypeAsync(DomainRef domain, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.DomainGetOsType, Dom(domain), cancellationToken).ConfigureAwait(false)).Value;

    public async Task<string> GetXmlAsync(DomainRef domain, bool inactive, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.DomainGetXmlDesc, WithFlags(domain, inactive ? XmlInactive : NoFlags), cancellationToken).ConfigureAwait(false)).Value;

    public async Task<bool> GetAutostartAsync(DomainRef domain, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.DomainGetAutostart, Dom(domain), cancellationToken).ConfigureAwait(false)).Value != 0;

    public Task SetAutostartAsync(DomainRef domain, bool autostart, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.DomainSetAutostart, new DomainSetAutostartArgs(RemoteDomain.From(domain), autostart), cancellationToken);

    public Task SetMemoryAsync(DomainRef domain, ulong memoryKiB, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.DomainSetMemoryFlags,
            new DomainMemoryFlagsArgs(RemoteDomain.From(domain), memoryKiB, (uint)impact | (maximum ? ModificationFlags.Maximum : 0)), cancellationToken);

    public Task SetVcpusAsync(DomainRef domain, int count, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.DomainSetVcpusFlags,
            new DomainVcpusFlagsArgs(RemoteDomain.From(domain), (uint)count, (uint)impact | (maximum ? ModificationFlags.Maximum : 0)), cancellationToken);

    public Task AttachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.DomainAttachDeviceFlags, new DomainDeviceFlagsArgs(RemoteDomain.From(domain), deviceXml, (uint)impact), cancellationToken);

    public Task DetachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.DomainDetachDeviceFlags, new DomainDeviceFlagsArgs(RemoteDomain.From(domain), deviceXml, (uint)impact), cancellationToken);

    /// <summary>The console as a libvirt stream from the daemon, as virsh opens it: the daemon keeps one session per device.</summary>
    public async Task<DomainConsole> OpenConsoleAsync(DomainRef domain, string? deviceName, bool force, CancellationToken cancellationToken)
    {
        var arguments = new DomainOpenConsoleArgs(RemoteDomain.From(domain), deviceName, force ? DomainOpenConsoleArgs.Force : NoFlags);
        var stream = await _client.OpenStreamAsync(RemoteCalls.DomainOpenConsole, arguments, (client, packet) => new RemoteConsoleStream(client, packet), cancellationToken).ConfigureAwait(false);
        return new DomainConsole(deviceName ?? "", stream);
    }

    public async Task<StackReport> GetStackAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var daemon = new StackLayer("daemon", $"remote driver: libvirt's wire protocol to the daemon at {SocketPath}", [new("hypervisor", _hypervisorName)]);
        if (_sameHost is not null)
        {
            // The daemon's own driver works on this host's files: show its layers, with the daemon between
            // (and the driver's mode is then the daemon's, not this process's).
            var below = (await _sameHost.GetStackAsync(domain, cancellationToken).ConfigureAwait(false)).Layers;
            var throughDaemon = below.Skip(1).Select(layer => layer with
            {
                Details = [.. layer.Details.Select(d => d.Key == "mode" ? new(d.Key, "through the daemon: it reads the status file and talks to QEMU over QMP") : d)],
            });
            return new StackReport([below[0], daemon, .. throughDaemon]);
        }
        var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
        return new StackReport(
        [
            new StackLayer("domain", $"{domain.Name} — {status.StateText} ({status.ReasonText})", [new("uuid", domain.Uuid.ToString())]),
            daemon with { Details = [.. daemon.Details, new("below", "the daemon's own driver: run `strata stack` on its host with a local URI")] },
        ]);
    }

    public async Task<string> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.ConnectGetCapabilities, XdrVoid.Value, cancellationToken).ConfigureAwait(false)).Value;

    public async Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virtType, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.ConnectGetDomainCapabilities, new ConnectGetDomainCapabilitiesArgs(emulator, arch, machine, virtType, NoFlags), cancellationToken).ConfigureAwait(false)).Value;

    public async Task<ulong> GetHypervisorVersionAsync(CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.ConnectGetVersion, XdrVoid.Value, cancellationToken).ConfigureAwait(false)).Value;

    public async Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken)
    {
        var n = await CallAsync(RemoteCalls.NodeGetInfo, XdrVoid.Value, cancellationToken).ConfigureAwait(false);
        return new NodeInfo(n.Model.TrimEnd('\0'), n.Memory, n.Cpus, n.Mhz, n.Nodes, n.Sockets, n.Cores, n.Threads);
    }

    public async Task<string> GetHostnameAsync(CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.ConnectGetHostname, XdrVoid.Value, cancellationToken).ConfigureAwait(false)).Value;

    // As libvirt's client: first how many statistics there are, then that many.
    public async Task<IReadOnlyList<NodeStat>> GetNodeCpuStatsAsync(int cpu, CancellationToken cancellationToken)
    {
        int count = (await CallAsync(RemoteCalls.NodeGetCpuStats, new NodeGetCpuStatsArgs(cpu, 0, NoFlags), cancellationToken).ConfigureAwait(false)).NParams;
        var ret = await CallAsync(RemoteCalls.NodeGetCpuStats, new NodeGetCpuStatsArgs(cpu, count, NoFlags), cancellationToken).ConfigureAwait(false);
        return [.. ret.Params.Select(p => new NodeStat(p.Field, p.Value))];
    }

    public async Task<IReadOnlyList<NodeStat>> GetNodeMemoryStatsAsync(int cell, CancellationToken cancellationToken)
    {
        int count = (await CallAsync(RemoteCalls.NodeGetMemoryStats, new NodeGetMemoryStatsArgs(0, cell, NoFlags), cancellationToken).ConfigureAwait(false)).NParams;
        var ret = await CallAsync(RemoteCalls.NodeGetMemoryStats, new NodeGetMemoryStatsArgs(count, cell, NoFlags), cancellationToken).ConfigureAwait(false);
        return [.. ret.Params.Select(p => new NodeStat(p.Field, p.Value))];
    }

    public async Task<IReadOnlyList<ulong>> GetCellsFreeMemoryAsync(int startCell, int maxCells, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.NodeGetCellsFreeMemory, new NodeGetCellsFreeMemoryArgs(startCell, maxCells), cancellationToken).ConfigureAwait(false)).Cells;

    public async Task<ulong> GetFreeMemoryAsync(CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.NodeGetFreeMemory, XdrVoid.Value, cancellationToken).ConfigureAwait(false)).Value;

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.CallAsync(RemoteCalls.ConnectClose, XdrVoid.Value, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StrataException or OperationCanceledException)
        {
            // The daemon is gone already: nothing to close.
        }
        await _client.DisposeAsync().ConfigureAwait(false);
        if (_sameHost is not null)
            await _sameHost.DisposeAsync().ConfigureAwait(false);
    }

    private Task<TRet> CallAsync<TArgs, TRet>(RemoteCall<TArgs, TRet> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs>
        where TRet : IXdrType<TRet> =>
        _client.CallAsync(call, arguments, cancellationToken);

    private async Task<List<DomainRef>> ListAsync(ListAllDomainsFlags flags, CancellationToken cancellationToken) =>
        [.. (await CallAsync(RemoteCalls.ConnectListAllDomains, new ConnectListAllDomainsArgs(NeedResults: true, flags), cancellationToken).ConfigureAwait(false))
            .Domains.Select(d => d.ToDomainRef())];

    private async Task<DomainRef> DomainAsync<TArgs>(RemoteCall<TArgs, DomainValue> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs> =>
        (await CallAsync(call, arguments, cancellationToken).ConfigureAwait(false)).Dom.ToDomainRef();

    private static DomainValue Dom(DomainRef domain) => new(RemoteDomain.From(domain));

    private static DomainFlagsArgs WithFlags(DomainRef domain, uint flags = NoFlags) => new(RemoteDomain.From(domain), flags);
}
