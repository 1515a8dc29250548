using System.Globalization;
using Strata.Domains;
using Strata.Drivers.Qemu.Capabilities;
using Strata.Drivers.Qemu.Qmp;
using Strata.Host;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    public async Task<string> GetCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var capabilities = await ProbeAsync(null, cancellationToken).ConfigureAwait(false);
        return CapabilitiesXml.Format(capabilities);
    }

    public async Task<string> GetDomainCapabilitiesAsync(string? emulator, string? arch, string? machine, string? virtType, CancellationToken cancellationToken)
    {
        var capabilities = await ProbeAsync(emulator, cancellationToken).ConfigureAwait(false);
        return DomainCapabilitiesXml.Format(capabilities, HostVirtualization.Detect(), machine, virtType, arch);
    }

    public async Task<ulong> GetHypervisorVersionAsync(CancellationToken cancellationToken)
    {
        var v = (await ProbeAsync(null, cancellationToken).ConfigureAwait(false)).Version;
        return (ulong)v.Major * 1_000_000 + (ulong)v.Minor * 1_000 + (ulong)v.Micro;
    }

    public Task<NodeInfo> GetNodeInfoAsync(CancellationToken cancellationToken) => Task.FromResult(HostNode.GetNodeInfo());

    public Task<string> GetHostnameAsync(CancellationToken cancellationToken) => Task.FromResult(HostNode.GetHostName());

    public Task<IReadOnlyList<NodeStat>> GetNodeCpuStatsAsync(int cpu, CancellationToken cancellationToken) =>
        Task.FromResult(HostStats.CpuStats(HostRoot.Default, cpu));

    public Task<IReadOnlyList<NodeStat>> GetNodeMemoryStatsAsync(int cell, CancellationToken cancellationToken) =>
        Task.FromResult(HostStats.MemoryStats(HostRoot.Default, cell));

    public Task<IReadOnlyList<ulong>> GetCellsFreeMemoryAsync(int startCell, int maxCells, CancellationToken cancellationToken) =>
        Task.FromResult(HostStats.CellsFreeMemory(HostRoot.Default, startCell, maxCells));

    public Task<ulong> GetFreeMemoryAsync(CancellationToken cancellationToken) => Task.FromResult(HostStats.FreeMemory(HostRoot.Default));

    public async Task<StackReport> GetStackAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        var definition = seen.Definition;
        var host = HostVirtualization.Detect();
        var layers = new List<StackLayer>
        {
            new("domain", $"{seen.Name} — {seen.Status.StateText} ({seen.Status.ReasonText})",
            [
                new("id", seen.Ref.HasId ? seen.Ref.Id.ToString(CultureInfo.InvariantCulture) : "-"),
                new("uuid", definition.Uuid.ToString()),
                new("definition", seen.Persistent ? _files.DefinitionPath(seen.Name) : "transient (no file: it vanishes when it stops)"),
                new("vcpus / memory", $"{definition.OnlineVcpus} / {definition.CurrentMemoryKiB / 1024} MiB"),
            ]),
            new("driver", $"QEMU driver, {Uri.Text}",
            [
                new("state dir", Paths.StateDir),
                new("run dir", Paths.RunDir),
                new("mode", "daemonless: this strata process reads the status file and talks to QEMU over QMP"),
            ]),
        };

        if (seen.Record is { Status.IsActive: true } record)
        {
            var argv = QemuProcess.CommandLine(record.Pid);
            layers.Add(new("QEMU process", $"pid {record.Pid}, {(argv.Count > 0 ? argv[0] : "?")}",
            [
                .. KeyArguments(argv),
                new("QMP socket", record.QmpSocket),
                new("log", _files.LogPath(seen.Name)),
                new("up since", record.Started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ]));
            layers.Add(Accelerator(await KvmEnabledAsync(record, argv, cancellationToken).ConfigureAwait(false), host, definition));
        }
        else
        {
            layers.Add(new("QEMU process", "none (the domain is not running)", []));
            layers.Add(Accelerator(definition.Type == DomainVirtType.Kvm && host.KvmUsable, host, definition));
        }
        return new StackReport(layers);
    }

    /// <summary>Whether the running QEMU really uses KVM: QEMU's own answer (query-kvm), else its command line.</summary>
    private static async Task<bool> KvmEnabledAsync(DomainStatusRecord record, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(QmpTimeout);
            await using var qmp = await ConnectMonitorAsync(record, timeout.Token).ConfigureAwait(false);
            var kvm = await qmp.ExecuteAsync("query-kvm", null, timeout.Token).ConfigureAwait(false);
            return kvm.GetProperty("enabled").GetBoolean();
        }
        catch (Exception e) when (e is HypervisorException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return argv.Any(a => a.Contains("accel=kvm", StringComparison.Ordinal) || a == "kvm");
        }
    }

    private static StackLayer Accelerator(bool kvm, HostVirtualization host, DomainDefinition definition) => kvm
        ? new("accelerator", "KVM (hardware virtualization in the host kernel)", [new("why", host.Reason)])
        : new("accelerator", "TCG (QEMU translates guest code in software)",
            [new("why", definition.Type == DomainVirtType.Kvm ? host.Reason : $"the domain asks for type='qemu'; {host.Reason}")]);

    /// <summary>The parts of a QEMU command line that tell what the guest is: machine, accelerator, CPU, memory, kernel, devices.</summary>
    private static List<KeyValuePair<string, string>> KeyArguments(IReadOnlyList<string> argv)
    {
        var keep = new[] { "-machine", "-accel", "-cpu", "-m", "-smp", "-kernel", "-initrd", "-append", "-device", "-netdev", "-drive", "-blockdev", "-sandbox" };
        var result = new List<KeyValuePair<string, string>>();
        for (int i = 1; i + 1 < argv.Count; i++)
        {
            if (keep.Contains(argv[i]))
                result.Add(new(argv[i], argv[++i]));
        }
        return result;
    }

    private Task<QemuCapabilities> ProbeAsync(string? emulator, CancellationToken cancellationToken) =>
        QemuCapabilitiesCache.GetAsync(EmulatorLocator.Find(emulator), Paths.CacheDir, cancellationToken);
}
