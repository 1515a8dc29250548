using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The driver contract carried over libvirt's remote protocol to a daemon: stratad, or a real libvirtd. Each call
/// is the procedure libvirt's own remote driver would make.
/// </summary>
public sealed partial class RemoteDriver : IDriver
{
    // virConnectListAllDomainsFlags beyond the four DomainListFilter carries.
    private const uint ListAutostart = 1 << 10;

    // VIR_DOMAIN_XML_INACTIVE.
    private const uint XmlInactive = 1 << 1;

    private readonly RemoteClient _client;
    private readonly IDriver? _sameHost;
    private string _hypervisorName = "";

    private RemoteDriver(RemoteClient client, string socketPath, IDriver? sameHost)
    {
        _client = client;
        SocketPath = socketPath;
        _sameHost = sameHost;
    }

    /// <summary>The daemon's socket.</summary>
    public string SocketPath { get; }

    public string HypervisorName => _hypervisorName;

    /// <summary>
    /// Connects to the daemon at <paramref name="socketPath"/> and opens <paramref name="uri"/> there.
    /// <paramref name="sameHost"/>, when the daemon serves files of this host, is a direct driver over them: it
    /// answers what the protocol does not carry yet (the console, the layers below the daemon). The remote driver
    /// owns it.
    /// </summary>
    public static async Task<RemoteDriver> OpenAsync(string socketPath, string uri, CancellationToken cancellationToken, IDriver? sameHost = null)
    {
        var client = await RemoteClient.ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        var driver = new RemoteDriver(client, socketPath, sameHost);
        try
        {
            await client.CallAsync(RemoteProcedure.AuthList, null, cancellationToken).ConfigureAwait(false);
            await client.CallAsync(RemoteProcedure.ConnectOpen, w =>
            {
                w.WriteOptionalString(uri, RemoteLimits.StringMax);
                w.WriteUInt32(0);
            }, cancellationToken).ConfigureAwait(false);
            driver._hypervisorName = await driver.StringAsync(RemoteProcedure.ConnectGetType, null, cancellationToken).ConfigureAwait(false);
            client.EventReceived += driver.OnEvent;
            return driver;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter, CancellationToken cancellationToken)
    {
        var domains = await ListAsync((uint)filter, cancellationToken).ConfigureAwait(false);
        var persistent = (await ListAsync((uint)DomainListFilter.Persistent, cancellationToken).ConfigureAwait(false)).Select(d => d.Uuid).ToHashSet();
        var autostart = (await ListAsync(ListAutostart, cancellationToken).ConfigureAwait(false)).Select(d => d.Uuid).ToHashSet();
        var result = new List<DomainSummary>(domains.Count);
        foreach (var domain in domains)
        {
            var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
            result.Add(new DomainSummary(domain, status, persistent.Contains(domain.Uuid), autostart.Contains(domain.Uuid)));
        }
        return result;
    }

    public Task<DomainRef> LookupByNameAsync(string name, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainLookupByName, w => w.WriteString(name, RemoteLimits.StringMax), cancellationToken);

    public Task<DomainRef> LookupByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainLookupByUuid, w => w.WriteUuid(uuid), cancellationToken);

    public Task<DomainRef> LookupByIdAsync(int id, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainLookupById, w => w.WriteInt32(id), cancellationToken);

    public Task<DomainRef> DefineAsync(string xml, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainDefineXml, w => w.WriteString(xml, RemoteLimits.StringMax), cancellationToken);

    public Task UndefineAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainUndefine, domain, cancellationToken);

    public Task<DomainRef> CreateAsync(string xml, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainCreateXml, w =>
        {
            w.WriteString(xml, RemoteLimits.StringMax);
            w.WriteUInt32(0);
        }, cancellationToken);

    public Task<DomainRef> StartAsync(DomainRef domain, CancellationToken cancellationToken) =>
        DomainAsync(RemoteProcedure.DomainCreateWithFlags, w =>
        {
            WriteDomain(w, domain);
            w.WriteUInt32(0);
        }, cancellationToken);

    public Task ShutdownAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainShutdown, domain, cancellationToken);

    public Task DestroyAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainDestroy, domain, cancellationToken);

    public Task RebootAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainReboot, domain, cancellationToken, flags: true);

    public Task ResetAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainReset, domain, cancellationToken, flags: true);

    public Task SuspendAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainSuspend, domain, cancellationToken);

    public Task ResumeAsync(DomainRef domain, CancellationToken cancellationToken) => OnDomainAsync(RemoteProcedure.DomainResume, domain, cancellationToken);

    public async Task<DomainStatus> GetStatusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(RemoteProcedure.DomainGetState, w =>
        {
            WriteDomain(w, domain);
            w.WriteUInt32(0);
        }, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return new DomainStatus((DomainState)reader.ReadInt32(), reader.ReadInt32());
    }

    public async Task<DomainInfo> GetInfoAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(RemoteProcedure.DomainGetInfo, w => WriteDomain(w, domain), cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        var state = (DomainState)reader.ReadInt32();
        ulong maxMemory = reader.ReadUInt64(), memory = reader.ReadUInt64();
        int vcpus = reader.ReadInt32();
        ulong cpuTime = reader.ReadUInt64();
        // virDomainInfo has no reason: ask for it, so both drivers report the same status.
        var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
        return new DomainInfo(status.State == state ? status : new DomainStatus(state, 0), maxMemory, memory, vcpus, cpuTime);
    }

    public async Task<bool> IsPersistentAsync(DomainRef domain, CancellationToken cancellationToken) =>
        await IntAsync(RemoteProcedure.DomainIsPersistent, w => WriteDomain(w, domain), cancellationToken).ConfigureAwait(false) != 0;

    public Task<string> GetOsTypeAsync(DomainRef domain, CancellationToken cancellationToken) =>
        StringAsync(RemoteProcedure.DomainGetOsType, w => WriteDomain(w, domain), cancellationToken);

    public Task<string> GetXmlAsync(DomainRef domain, bool inactive, CancellationToken cancellationToken) =>
        StringAsync(RemoteProcedure.DomainGetXmlDesc, w =>
        {
            WriteDomain(w, domain);
            w.WriteUInt32(inactive ? XmlInactive : 0);
        }, cancellationToken);

    public async Task<bool> GetAutostartAsync(DomainRef domain, CancellationToken cancellationToken) =>
        await IntAsync(RemoteProcedure.DomainGetAutostart, w => WriteDomain(w, domain), cancellationToken).ConfigureAwait(false) != 0;

    public Task SetAutostartAsync(DomainRef domain, bool autostart, CancellationToken cancellationToken) =>
        CallAsync(RemoteProcedure.DomainSetAutostart, w =>
        {
            WriteDomain(w, domain);
            w.WriteInt32(autostart ? 1 : 0);
        }, cancellationToken);

    public Task<ConsoleEndpoint> GetConsoleAsync(DomainRef domain, CancellationToken cancellationToken) =>
        _sameHost?.GetConsoleAsync(domain, cancellationToken)
        ?? throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: the console over a daemon connection is not supported yet; use a local URI (qemu:///session or qemu:///system)");

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

    public Task<string> GetCapabilitiesAsync(CancellationToken cancellationToken) =>
        StringAsync(RemoteProcedure.ConnectGetCapabilities, null, cancellationToken);

    public Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virtType, CancellationToken cancellationToken) =>
        StringAsync(RemoteProcedure.ConnectGetDomainCapabilities, w =>
        {
            w.WriteOptionalString(emulator, RemoteLimits.StringMax);
            w.WriteOptionalString(arch, RemoteLimits.StringMax);
            w.WriteOptionalString(machine, RemoteLimits.StringMax);
            w.WriteOptionalString(virtType, RemoteLimits.StringMax);
            w.WriteUInt32(0);
        }, cancellationToken);

    public async Task<ulong> GetHypervisorVersionAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(RemoteProcedure.ConnectGetVersion, null, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return reader.ReadUInt64();
    }

    public async Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(RemoteProcedure.NodeGetInfo, null, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        string model = reader.ReadFixedCharString(RemoteLimits.NodeModelLength).TrimEnd('\0');
        ulong memory = reader.ReadUInt64();
        int cpus = reader.ReadInt32(), mhz = reader.ReadInt32(), nodes = reader.ReadInt32();
        int sockets = reader.ReadInt32(), cores = reader.ReadInt32(), threads = reader.ReadInt32();
        return new NodeInfo(model, memory, cpus, mhz, nodes, sockets, cores, threads);
    }

    public Task<string> GetHostnameAsync(CancellationToken cancellationToken) =>
        StringAsync(RemoteProcedure.ConnectGetHostname, null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.CallAsync(RemoteProcedure.ConnectClose, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StrataException or OperationCanceledException)
        {
            // The daemon is gone already: nothing to close.
        }
        await _client.DisposeAsync().ConfigureAwait(false);
        if (_sameHost is not null)
            await _sameHost.DisposeAsync().ConfigureAwait(false);
    }

    private Task<Message> CallAsync(RemoteProcedure procedure, Action<XdrWriter>? arguments, CancellationToken cancellationToken) =>
        _client.CallAsync(procedure, arguments, cancellationToken);

    private async Task<List<DomainRef>> ListAsync(uint flags, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(RemoteProcedure.ConnectListAllDomains, w =>
        {
            w.WriteInt32(1); // need_results
            w.WriteUInt32(flags);
        }, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return reader.ReadArray<RemoteDomain>(RemoteLimits.DomainListMax).Select(d => d.ToDomainRef()).ToList();
    }

    private async Task<DomainRef> DomainAsync(RemoteProcedure procedure, Action<XdrWriter> arguments, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(procedure, arguments, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return RemoteDomain.Decode(ref reader).ToDomainRef();
    }

    private Task OnDomainAsync(RemoteProcedure procedure, DomainRef domain, CancellationToken cancellationToken, bool flags = false) =>
        CallAsync(procedure, w =>
        {
            WriteDomain(w, domain);
            if (flags)
                w.WriteUInt32(0);
        }, cancellationToken);

    private async Task<string> StringAsync(RemoteProcedure procedure, Action<XdrWriter>? arguments, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(procedure, arguments, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return reader.ReadString(RemoteLimits.StringMax);
    }

    private async Task<int> IntAsync(RemoteProcedure procedure, Action<XdrWriter>? arguments, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(procedure, arguments, cancellationToken).ConfigureAwait(false);
        var reader = reply.PayloadReader();
        return reader.ReadInt32();
    }

    private static void WriteDomain(XdrWriter writer, DomainRef domain) => RemoteDomain.From(domain).Encode(writer);
}
