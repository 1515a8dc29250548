using System.Globalization;
using System.Net.Sockets;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// nodecpustats, nodememstats and freecell: the real virsh through stratad, strata through stratad, daemonless and
/// against a real libvirtd, with libvirtd's words for every refusal.
/// </summary>
[Trait("Category", "Libvirt")]
[Collection(LibvirtdFixture.Collection)]
public sealed class HostStatsSpecs(LibvirtdFixture libvirtd)
{
    private static IReadOnlyList<int> Cells =>
        [.. Directory.EnumerateDirectories("/sys/devices/system/node", "node*")
            .Select(d => int.Parse(Path.GetFileName(d)[4..], CultureInfo.InvariantCulture)).Order()];

    private static string MemInfoKiB(string file, string field) =>
        File.ReadLines(file).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(w => w.SkipWhile(x => x is "Node" || int.TryParse(x, out _)).First() == field + ":")[^2];

    [Fact]
    public async Task VirshAndStrataShowTheHostsCpuTimeMemoryAndFreeCells()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var ways = new (string Who, Func<string[], Task<ProcessResult>> Run)[]
        {
            ("virsh through stratad", args => daemon.VirshAsync(args)),
            ("strata through stratad", args => daemon.Scope.StrataAsync(["-c", daemon.SessionUri, .. args])),
            ("strata daemonless", args => daemon.Scope.StrataAsync(args)),
        };
        string total = MemInfoKiB("/proc/meminfo", "MemTotal");
        string cellTotal = MemInfoKiB("/sys/devices/system/node/node0/meminfo", "MemTotal");
        foreach (var (who, run) in ways)
        {
            Assert.Matches($@"^total  : {total,20} KiB\nfree   : +\d+ KiB\nbuffers: +\d+ KiB\ncached : +\d+ KiB\n\n$", await Expect.SuccessAsync(run(["nodememstats"])));
            Assert.Matches($@"^total  : {cellTotal,20} KiB\nfree   : +\d+ KiB\n\n$", await Expect.SuccessAsync(run(["nodememstats", "--cell", "0"])));
            const string CpuRows = @"^user: +\d+\nsystem: +\d+\nidle: +\d+\niowait: +\d+\n\n$";
            Assert.Matches(CpuRows, await Expect.SuccessAsync(run(["nodecpustats"])));
            Assert.Matches(CpuRows, await Expect.SuccessAsync(run(["nodecpustats", "--cpu", "0"])));
            Assert.Matches(@"^usage: +\d+\.\d%\nuser: +\d+\.\d%\nsystem: +\d+\.\d%\nidle: +\d+\.\d%\niowait: +\d+\.\d%\n\n$", await Expect.SuccessAsync(run(["nodecpustats", "--percent"])));
            Assert.Matches(@"^Total: \d+ KiB\n\n$", await Expect.SuccessAsync(run(["freecell"])));
            Assert.Matches(@"^0: \d+ KiB\n\n$", await Expect.SuccessAsync(run(["freecell", "0"])));
            Assert.Matches("^" + string.Concat(Cells.Select(c => $"{c,5}: +\\d+ KiB\n")) + @"-{20}\nTotal: +\d+ KiB\n\n$", await Expect.SuccessAsync(run(["freecell", "--all"])));

            // libvirtd 9.0's words (captured), for this host's cells.
            int last = Cells[^1];
            await Expect.FailureAsync(run(["nodecpustats", "--cpu", "9999"]), "error: Unable to get node cpu stats\nerror: Invalid cpuNum in virHostCPUGetStatsLinux\n");
            await Expect.FailureAsync(run(["nodememstats", "--cell", "9999"]),
                $"error: Unable to get number of memory stats\nerror: cellNum in virHostMemGetStats must be less than or equal to {last}\n");
            await Expect.FailureAsync(run(["freecell", "--cellno", "9999"]), $"error: internal error: start cell 9999 out of range (0-{last})\n");
            await Expect.FailureAsync(run(["freecell", "--all", "--cellno", "0"]), "error: Options --all and --cellno are mutually exclusive\n");
        }
    }

    [Fact]
    public async Task StrataPrintsWhatVirshPrintsAgainstARealLibvirtd()
    {
        Task<ProcessResult> Virsh(params string[] args) => ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]);
        Task<ProcessResult> Strata(params string[] args) => StrataCli.RunAsync(["-c", libvirtd.Uri, .. args]);
        static string Labels(string output) => string.Join('\n', output.Split('\n').Select(l => l.Split(':')[0]));
        foreach (var command in new[] { new[] { "nodememstats" }, ["nodememstats", "--cell", "0"], ["nodecpustats"], ["nodecpustats", "--cpu", "0"], ["freecell", "--all"] })
        {
            var theirs = await Virsh(command);
            var ours = await Strata(command);
            Assert.True(theirs.ExitCode == 0 && ours.ExitCode == 0, $"{string.Join(' ', command)}\nvirsh: {theirs}\nstrata: {ours}");
            Assert.Equal(Labels(theirs.Stdout), Labels(ours.Stdout));
        }
        Assert.Equal((await Virsh("nodememstats")).Stdout.Split('\n')[0], (await Strata("nodememstats")).Stdout.Split('\n')[0]); // total
        foreach (var command in new[] { new[] { "nodecpustats", "--cpu", "9999" }, ["nodememstats", "--cell", "9999"], ["freecell", "--cellno", "9999"] })
        {
            var theirs = await Virsh(command);
            var ours = await Strata(command);
            Assert.True(theirs.Stderr == ours.Stderr && theirs.ExitCode == ours.ExitCode, $"{string.Join(' ', command)}\nvirsh: {theirs}\nstrata: {ours}");
        }
    }

    [Fact]
    public async Task NodeinfoThroughStratadIsWhatLibvirtdReports()
    {
        await using var daemon = await DaemonScope.StartAsync();
        // The frequency is read from /proc/cpuinfo at each call and may move on a host that scales it.
        static IEnumerable<string> Steady(string output) => output.Split('\n').Where(l => !l.StartsWith("CPU frequency", StringComparison.Ordinal));
        var theirs = await Expect.SuccessAsync(ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, "nodeinfo"]));
        Assert.Contains("Memory size:", theirs, StringComparison.Ordinal);
        Assert.Equal(Steady(theirs), Steady(await Expect.SuccessAsync(daemon.VirshAsync(["nodeinfo"]))));
        Assert.Equal(Steady(theirs), Steady(await Expect.SuccessAsync(daemon.Scope.StrataAsync(["nodeinfo"]))));
    }

    [Fact]
    public async Task TheTestDriverAnswersAsLibvirtsTestDriverDoes()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string remote = $"test+unix:///default?socket={daemon.Socket}";
        foreach (var command in new[]
        {
            new[] { "nodecpustats" }, ["nodecpustats", "--cpu", "3"], ["nodememstats"], ["freecell"], ["freecell", "--all"], ["freecell", "1"], ["freecell", "--cellno", "5"],
        })
        {
            var theirs = await ProcessRunner.RunAsync("virsh", ["-c", "test:///default", .. command]);
            foreach (var uri in new[] { "test:///default", remote })
            {
                var ours = await StrataCli.RunAsync(["-c", uri, .. command]);
                Assert.True(theirs.Stdout == ours.Stdout && theirs.Stderr == ours.Stderr && theirs.ExitCode == ours.ExitCode,
                    $"{string.Join(' ', command)} ({uri})\nvirsh: {theirs}\nstrata: {ours}");
            }
        }
    }

    [Fact]
    public async Task StratadCountsTheCpuStatisticsBeforeLookingAtTheCpuAsLibvirtdDoes()
    {
        // qemu-nodecpustats-badcpu.frames: virsh nodecpustats --cpu 5 on a two-CPU host. The count call is answered
        // (four) whatever the CPU; only the second call, which asks for the values, is refused.
        var frames = File.ReadLines(Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "Captures", "qemu-nodecpustats-badcpu.frames"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => (FromClient: l[0] == 'C', Bytes: Convert.FromHexString(l[2..]))).ToList();
        int count = frames.FindIndex(f => f.FromClient && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(f.Bytes.AsSpan(12)) == 227);
        await using var daemon = await DaemonScope.StartAsync();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Socket));
        await using var stream = new NetworkStream(socket);
        var reader = new Strata.Protocol.FrameReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.WriteAsync(Strata.Protocol.RemoteCalls.ConnectOpen.Call(0, new Strata.Protocol.ConnectOpenArgs("qemu:///session", 0)), timeout.Token);
        Assert.Null((await reader.ReadAsync(timeout.Token))!.Error);
        await stream.WriteAsync(frames[count].Bytes, timeout.Token);
        var answer = (await reader.ReadAsync(timeout.Token))!;
        Assert.Equal(Convert.ToHexString(frames[count + 1].Bytes[28..]), Convert.ToHexString(answer.Payload.Span));
    }
}
