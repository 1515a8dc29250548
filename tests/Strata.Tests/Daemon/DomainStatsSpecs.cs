using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>virsh's monitoring commands (domstats, vcpucount, vcpuinfo, dommemstat) through stratad, and strata's own.</summary>
[Trait("Category", "Libvirt")]
public sealed partial class DomainStatsSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);

    private const string NoAddresses = " Name       MAC address          Protocol     Address\n-------------------------------------------------------------------------------\n\n";
    private const long DiskSize = 64 * 1024 * 1024;

    [Fact]
    public async Task MonitoringShowsARunningGuestsCpuVcpusMemoryAndDiskThenWhatItsDefinitionHas()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string serial = daemon.Scope.File("stats.serial");
        string disk = daemon.Scope.File("stats.qcow2");
        DiskImage.Create(disk, new ImageCreateOptions { Size = DiskSize });
        string xml = daemon.Scope.File("stats.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("stats", serial, extraDevices: $"""
            <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{disk}'/><target dev='vda' bus='virtio'/></disk>
            """));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'stats' defined from {xml}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("start", "stats"), "Domain 'stats' started\n\n");
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);

        var running = Fields(await Expect.SuccessAsync(daemon.VirshAsync("domstats", "stats")));
        Assert.Equal("1", running["state.state"]); // running
        Assert.True(ulong.Parse(running["cpu.time"], CultureInfo.InvariantCulture) > 0, "a booted guest has used CPU time");
        Assert.Equal(ulong.Parse(running["cpu.time"], CultureInfo.InvariantCulture),
            ulong.Parse(running["cpu.user"], CultureInfo.InvariantCulture) + ulong.Parse(running["cpu.system"], CultureInfo.InvariantCulture));
        Assert.Equal("262144", running["balloon.maximum"]);
        Assert.True(ulong.Parse(running["balloon.rss"], CultureInfo.InvariantCulture) > 1024, "QEMU holds memory");
        Assert.Equal("1", running["vcpu.current"]);
        Assert.True(ulong.Parse(running["vcpu.0.time"], CultureInfo.InvariantCulture) > 0, "the vCPU thread ran the boot");
        Assert.Equal("1", running["block.count"]);
        Assert.Equal("vda", running["block.0.name"]);
        Assert.Equal(disk, running["block.0.path"]);
        Assert.Equal(DiskSize.ToString(CultureInfo.InvariantCulture), running["block.0.capacity"]);
        Assert.Contains("block.0.rd.reqs", running.Keys);

        var onlyVcpus = Fields(await Expect.SuccessAsync(daemon.VirshAsync("domstats", "--vcpu", "stats")));
        Assert.All(onlyVcpus.Keys, field => Assert.StartsWith("vcpu.", field, StringComparison.Ordinal));
        const string runningCounts = "maximum      config         1\nmaximum      live           1\ncurrent      config         1\ncurrent      live           1\n\n";
        await Expect.StdoutAsync(daemon.VirshAsync("vcpucount", "stats"), runningCounts);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("vcpucount", "stats"), runningCounts);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("vcpucount", "--maximum", "--live", "stats"), "1\n\n");
        Assert.Matches(@"^rss [1-9][0-9]*\n\n$", await Expect.SuccessAsync(daemon.VirshAsync("dommemstat", "stats")));
        string allCpus = new('y', (await daemon.Scope.Driver.GetNodeInfoAsync(CancellationToken.None)).Cpus);
        string vcpuInfo = $@"^VCPU:           0\nCPU:            [0-9]+\nState:          running\nCPU time:       [0-9]+\.[0-9]s\nCPU Affinity:   {allCpus}\n\n$";
        Assert.Matches(vcpuInfo, await Expect.SuccessAsync(daemon.VirshAsync("vcpuinfo", "stats")));
        Assert.Matches(vcpuInfo, await Expect.SuccessAsync(daemon.Scope.StrataAsync("vcpuinfo", "stats")));

        // Block counters and sizes, the same through virsh and strata; a disk the domain does not have is refused.
        string size = DiskSize.ToString(CultureInfo.InvariantCulture);
        foreach (var run in new[] { daemon.VirshAsync("domblkstat", "stats", "vda"), daemon.Scope.StrataAsync("domblkstat", "stats", "vda") })
            Assert.Matches(@"^vda rd_req [0-9]+\nvda rd_bytes [0-9]+\nvda wr_req [0-9]+\nvda wr_bytes [0-9]+\nvda flush_operations [0-9]+\n"
                + @"vda rd_total_times [0-9]+\nvda wr_total_times [0-9]+\nvda flush_total_times [0-9]+\n\n$", await Expect.SuccessAsync(run));
        foreach (var run in new[] { daemon.VirshAsync("domblkinfo", "stats", "vda"), daemon.Scope.StrataAsync("domblkinfo", "stats", "vda") })
            Assert.Matches($@"^Capacity:       {size}\nAllocation:     [0-9]+\nPhysical:       {new FileInfo(disk).Length}\n\n$", await Expect.SuccessAsync(run));
        var noDisk = await daemon.VirshAsync("domblkstat", "stats", "vdz");
        Assert.Equal((1, "error: invalid argument: invalid path: vdz\n"), (noDisk.ExitCode, noDisk.Stderr));
        var noCounters = await daemon.VirshAsync("domifstat", "stats", "-"); // user-mode networking, as with libvirtd
        Assert.Equal((1, "error: Failed to get interface stats stats -\nerror: invalid argument: '-' is not a known interface\n"), (noCounters.ExitCode, noCounters.Stderr));
        await Expect.StdoutAsync(daemon.VirshAsync("domjobinfo", "stats"), "Job type:         None        \n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("domcontrol", "stats"), "ok\n\n");
        // cpu-stats: the total under libvirt's names; there is no count per host CPU (nor in libvirtd 9.0 on cgroup v2).
        Assert.Matches(@"^Total:\n\tcpu_time +[0-9]+\.[0-9]{9} seconds\n\tuser_time +[0-9]+\.[0-9]{9} seconds\n\tsystem_time +[0-9]+\.[0-9]{9} seconds\n\n$",
            await Expect.SuccessAsync(daemon.VirshAsync("cpu-stats", "--total", "stats")));
        await Expect.FailureAsync(daemon.VirshAsync("cpu-stats", "stats"),
            "error: Failed to retrieve CPU statistics for domain 'stats'\nerror: Operation not supported: a domain's CPU time per host CPU is not counted\n");
        // No address to report for user-mode networking without a guest agent: libvirtd 9.0's words (its ARP source
        // failed here with "wrong nlmsg len"; the table it means to give is empty, as the leases').
        await Expect.StdoutAsync(daemon.VirshAsync("domifaddr", "stats"), NoAddresses);
        await Expect.StdoutAsync(daemon.VirshAsync("domifaddr", "stats", "--source", "arp"), NoAddresses);
        await Expect.FailureAsync(daemon.VirshAsync("domifaddr", "stats", "--source", "agent"),
            "error: Failed to query for interfaces addresses\nerror: argument unsupported: QEMU guest agent is not configured\n");

        // What a collector calls through libvirt-python.
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-stats.py");
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, "stats"], daemon.Scope.Environment);
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal($"""
            all-stats state 1 vcpus 1 has vcpu.0.time True
            list-stats stats disk vda keys True
            block-stats errs -1 counts True
            block-stats-flags flush_operations flush_total_times rd_bytes rd_operations rd_total_times wr_bytes wr_operations wr_total_times
            block-info capacity {size}
            memory-stats rss
            vcpus 1 state 1 time True map True
            vcpus-flags 1 1
            job 0 control [0, 0, 0]
            unknown flag 8 unsupported flags (0x100) in function qemuConnectGetAllDomainStats
            cpu-stats total cpu_time system_time user_time
            interface-addresses 0
            unknown source 74 argument unsupported: Unknown IP address data source 7
            cpu-map True True True

            """, python.Stdout);

        // strata's own domstats, without the daemon, reads the same domain the same way.
        var cli = Fields(await Expect.SuccessAsync(daemon.Scope.StrataAsync("domstats", "--state", "--block", "stats")));
        Assert.Equal(("1", "vda", running["block.0.capacity"]), (cli["state.state"], cli["block.0.name"], cli["block.0.capacity"]));
        Assert.DoesNotContain("cpu.time", cli.Keys);

        await Expect.StdoutAsync(daemon.VirshAsync("destroy", "stats"), "Domain 'stats' destroyed\n\n");
        var stopped = Fields(await Expect.SuccessAsync(daemon.VirshAsync("domstats", "stats")));
        Assert.Equal("5", stopped["state.state"]); // shut off
        Assert.DoesNotContain("cpu.time", stopped.Keys);
        Assert.Equal(DiskSize.ToString(CultureInfo.InvariantCulture), stopped["block.0.capacity"]);
        Assert.Equal(new FileInfo(disk).Length.ToString(CultureInfo.InvariantCulture), stopped["block.0.physical"]);
        await Expect.StdoutAsync(daemon.VirshAsync("vcpucount", "stats"), "maximum      config         1\ncurrent      config         1\n\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("vcpucount", "stats"), "maximum      config         1\ncurrent      config         1\n\n");
        string stoppedVcpu = $"VCPU:           0\nCPU:            N/A\nState:          N/A\nCPU time        N/A\nCPU Affinity:   {allCpus}\n\n";
        await Expect.StdoutAsync(daemon.VirshAsync("vcpuinfo", "stats"), stoppedVcpu);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("vcpuinfo", "stats"), stoppedVcpu);
        await Expect.FailureAsync(daemon.VirshAsync("domifaddr", "stats"),
            "error: Failed to query for interfaces addresses\nerror: Requested operation is not valid: domain is not running\n");
        await Expect.FailureAsync(daemon.VirshAsync("cpu-stats", "--total", "stats"),
            "error: Failed to retrieve CPU statistics for domain 'stats'\nerror: Requested operation is not valid: domain is not running\n");
        foreach (var run in new[] { daemon.VirshAsync("dommemstat", "stats"), daemon.Scope.StrataAsync("dommemstat", "stats") })
        {
            var memory = await run;
            Assert.Equal(1, memory.ExitCode);
            Assert.Contains("error: Requested operation is not valid: domain is not running", memory.Stderr, StringComparison.Ordinal);
        }
        foreach (var run in new[] { daemon.VirshAsync("domblkinfo", "stats", "vda"), daemon.Scope.StrataAsync("domblkinfo", "stats", "vda") })
            Assert.Matches($@"^Capacity:       {size}\nAllocation:     [1-9][0-9]*\nPhysical:       {new FileInfo(disk).Length}\n\n$", await Expect.SuccessAsync(run));
    }

    [Fact]
    public async Task DomstatsLeavesOutGroupsStrataDoesNotGatherUnlessEnforced()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string xml = daemon.Scope.File("quiet.xml");
        await File.WriteAllTextAsync(xml, "<domain type='qemu'><name>quiet</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>");
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'quiet' defined from {xml}\n\n");

        await Expect.StdoutAsync(daemon.VirshAsync("domstats", "--perf", "quiet"), "Domain: 'quiet'\n\n");
        const string refused = "error: argument unsupported: Stats types bits 0x40 are not supported by this daemon\n";
        var virsh = await daemon.VirshAsync("domstats", "--perf", "--enforce", "quiet");
        Assert.Equal((1, refused), (virsh.ExitCode, virsh.Stderr));
        var strata = await daemon.Scope.StrataAsync("domstats", "--perf", "--enforce", "quiet");
        Assert.Equal((1, refused), (strata.ExitCode, strata.Stderr));

        await Expect.StdoutAsync(daemon.VirshAsync("domstats", "--state", "--list-inactive"), "Domain: 'quiet'\n  state.state=5\n  state.reason=0\n\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("domstats", "--state", "--list-inactive"), "Domain: 'quiet'\n  state.state=5\n  state.reason=0\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("domstats", "--state", "--list-active"), "\n");
        // Named domains pass the filters too (as libvirt's QEMU driver filters them).
        await Expect.StdoutAsync(daemon.VirshAsync("domstats", "--state", "--list-running", "quiet"), "\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("domstats", "--state", "--list-running", "quiet"), "\n");
    }

    /// <summary>The <c>  field=value</c> lines of one domain's record, in order.</summary>
    private static Dictionary<string, string> Fields(string stdout) =>
        FieldLine().Matches(stdout).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^  ([a-z0-9._]+)=(.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldLine();
}
