using System.Diagnostics;
using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// Strata's client and stratad when the other end hangs, vanishes or cannot be reached: each side gives the other up
/// after keepalive, every call then fails at once with the reason, and nothing hangs.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class RemoteConnectionSpecs
{
    private static readonly KeepaliveSettings Quick = new(TimeSpan.FromMilliseconds(200), 2);

    [Fact]
    public async Task AHungDaemonIsGivenUpAfterKeepaliveAndEveryLaterCallFailsAtOnce()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await using var connection = await Connection.OpenAsync(daemon.SessionUri);
        Assert.True(await connection.SetKeepaliveAsync(Quick));
        Assert.NotEmpty(await connection.Driver.GetHostnameAsync(CancellationToken.None));

        await daemon.PauseAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // only so that a regression fails instead of hanging
        var started = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ConnectionException>(() => connection.Driver.GetHostnameAsync(limit.Token));
        Assert.Contains("did not answer keepalive for 0.6 s", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"given up after {started.Elapsed}");

        var again = await Assert.ThrowsAsync<ConnectionException>(() => connection.Driver.GetHypervisorVersionAsync(limit.Token));
        Assert.Equal(error.Message, again.Message);
        await daemon.ResumeAsync();
    }

    [Fact]
    public async Task WithoutKeepaliveTheClientWaitsForASlowDaemon()
    {
        // The same pause, with keepalive off: the call is answered once the daemon runs again.
        await using var daemon = await DaemonScope.StartAsync();
        await using var connection = await Connection.OpenAsync(daemon.SessionUri);
        Assert.True(await connection.SetKeepaliveAsync(null));
        await daemon.PauseAsync();
        var call = connection.Driver.GetHostnameAsync(CancellationToken.None);
        await Task.Delay(Quick.Timeout * 3);
        Assert.False(call.IsCompleted, $"the call ended while the daemon was paused: {(call.IsFaulted ? call.Exception!.InnerException!.Message : call.Status)}");
        await daemon.ResumeAsync();
        Assert.NotEmpty(await call.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ASlowReaderOfADownloadIsNotTakenForASilentDaemon()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string target = daemon.Scope.File("images");
        await Expect.StdoutAsync(daemon.VirshAsync("pool-define-as", "images", "dir", "--target", target), "Pool images defined\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("pool-start", "--build", "images"), "Pool images started\n\n");
        // Far more than the packets (256 KiB each) the client queues for its reader.
        await Expect.StdoutAsync(daemon.VirshAsync("vol-create-as", "images", "v.img", "32M"), "Vol v.img created\n\n");
        await using var connection = await Connection.OpenAsync(daemon.SessionUri);
        Assert.True(await connection.SetKeepaliveAsync(Quick));
        var storage = connection.Storage;
        var volume = await storage.LookupVolumeAsync(await storage.LookupPoolByNameAsync("images", CancellationToken.None), "v.img", CancellationToken.None);

        // The reader stops for longer than keepalive allows a silent daemon: the packets it has not taken stop this
        // side from reading, which is not the daemon's silence.
        var slow = new PausingStream(Quick.Timeout * 4);
        await connection.Storage.DownloadVolumeAsync(volume, slow, 0, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(32 * 1024 * 1024, slow.Length);
        Assert.NotEmpty(await connection.Driver.GetHostnameAsync(CancellationToken.None));
    }

    /// <summary>A sink whose first write takes <paramref name="pause"/>.</summary>
    private sealed class PausingStream(TimeSpan pause) : MemoryStream
    {
        private bool _paused;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_paused)
            {
                _paused = true;
                await Task.Delay(pause, cancellationToken);
            }
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task AnEventSubscriberThatThrowsDoesNotStopTheConnection()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await using var connection = await Connection.OpenAsync(daemon.SessionUri);
        var heard = new TaskCompletionSource<DomainEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Driver.DomainEventRaised += (_, e) => throw new InvalidOperationException("a subscriber's bug");
        connection.Driver.DomainEventRaised += (_, e) => heard.TrySetResult(e);
        await Task.Delay(500); // the first subscriber registers the callback at the daemon

        string xml = daemon.Scope.File("ev.xml");
        await File.WriteAllTextAsync(xml, "<domain type='qemu'><name>ev</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>");
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'ev' defined from {xml}\n\n");

        Assert.Equal(DomainEventType.Defined, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(30))).Type);
        Assert.NotEmpty(await connection.Driver.GetHostnameAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task StratadClosesTheConnectionOfAClientThatStopsAnsweringKeepalive()
    {
        await using var daemon = await DaemonScope.StartAsync(arguments: ["--keepalive-interval", "1", "--keepalive-count", "1"]);
        // The daemon's descriptors without the client, once the first connection's lazily opened ones are there and
        // its own socket is closed.
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
        int before = await SettledAsync(() => daemon.OpenFileDescriptors);

        // virsh asks whether the daemon speaks keepalive, and so is pinged; frozen, it answers nothing.
        using var virsh = Process.Start(new ProcessStartInfo("virsh", ["-c", daemon.SessionUri, "event", "--loop", "--all"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            await WaitForAsync(() => daemon.OpenFileDescriptors > before, "virsh to connect");
            await ProcessRunner.RunAsync("kill", ["-STOP", virsh.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await WaitForAsync(() => daemon.Log.Contains("closing a client connection: no answer to keepalive for 2 s", StringComparison.Ordinal), "stratad to give the frozen client up");
            await WaitForAsync(() => daemon.OpenFileDescriptors == before, "stratad to close the frozen client's connection");
        }
        finally
        {
            virsh.Kill();
            await virsh.WaitForExitAsync();
        }
        // The daemon serves others as before.
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
    }

    [Fact]
    public async Task StratadAcceptsClientsAgainOnceItHasFileDescriptorsAgain()
    {
        await using var daemon = await DaemonScope.StartAsync();
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
        // Room for a few more descriptors only: a crowd of clients runs the daemon out of them.
        string limit = (await SettledAsync(() => daemon.OpenFileDescriptors) + 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect.StdoutAsync(ProcessRunner.RunAsync("prlimit", ["--pid", daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--nofile={limit}:{limit}"]), "");
        var crowd = new List<System.Net.Sockets.Socket>();
        try
        {
            for (int i = 0; i < 20; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                crowd.Add(socket);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(daemon.Socket));
            }
            await WaitForAsync(() => daemon.Log.Contains("cannot accept clients on", StringComparison.Ordinal), "stratad to run out of descriptors");
        }
        finally
        {
            foreach (var socket in crowd)
                socket.Dispose();
        }
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
    }

    [Fact]
    public async Task AClientThatNeverReadsItsRepliesCannotMakeStratadGrow()
    {
        await using var daemon = await DaemonScope.StartAsync();
        long before = ResidentBytes(daemon.Pid);
        using var flooder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await flooder.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(daemon.Socket));
        // Thousands of small calls, then large ones (16 MiB of XML each), and never a reply read: once five calls wait
        // for their replies to be taken, stratad reads nothing more from this client, and its sends stall.
        var flood = Task.Run(async () =>
        {
            await flooder.SendAsync(RemoteCalls.ConnectOpen.Call(0, new ConnectOpenArgs("qemu:///session", 0)));
            for (uint serial = 1; serial <= 20_000; serial++)
                await flooder.SendAsync(RemoteCalls.ConnectGetHostname.Call(serial, XdrVoid.Value));
            for (int i = 0; i < 40; i++)
                await flooder.SendAsync(LargeCall());
        });
        await Task.WhenAny(flood, Task.Delay(TimeSpan.FromSeconds(10)));
        long grown = ResidentBytes(daemon.Pid) - before;
        Assert.False(flood.IsCompleted, flood.Exception?.ToString() ?? "stratad read every call");
        Assert.True(grown < 200L * 1024 * 1024, $"stratad grew by {grown / (1024 * 1024)} MiB");

        flooder.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => flood);
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
    }

    /// <summary>A define whose XML fills a whole frame (16 MiB; more than a string may hold, so it is refused once read).</summary>
    private static byte[] LargeCall()
    {
        var frame = new byte[NetLimits.FrameMax];
        Frame.Build(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 0)).CopyTo(frame, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(NetLimits.LengthWordSize + NetLimits.HeaderSize), frame.Length - 32);
        return frame;
    }

    private static long ResidentBytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;

    [Theory]
    [InlineData("/nonexistent/strata-sock")]
    [InlineData("/dev/null")]
    [InlineData("/tmp/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/sock")]
    public async Task AnUnreachableSocketFailsInVirshsWords(string socket)
    {
        string uri = $"qemu+unix:///session?socket={socket}";
        var virsh = await ProcessRunner.RunAsync("virsh", ["-c", uri, "hostname"]);
        var strata = await StrataCli.RunAsync(["-c", uri, "hostname"]);
        Assert.Equal(1, strata.ExitCode);
        Assert.Equal(virsh.Stderr, strata.Stderr);
    }

    [Theory]
    [InlineData("-k", "abc", "error: Invalid value for option -k\n")]
    [InlineData("-k", "-1", "error: option -k requires a positive integer argument\n")]
    [InlineData("-K", "-1", "error: option -K requires a positive integer argument\n")]
    public async Task BadKeepaliveOptionsAreRefusedAsVirshRefusesThem(string option, string value, string expected)
    {
        var virsh = await ProcessRunner.RunAsync("virsh", [option, value, "-c", "test:///default", "hostname"]);
        var strata = await StrataCli.RunAsync([option, value, "-c", "test:///default", "hostname"]);
        Assert.Equal(expected, virsh.Stderr);
        Assert.Equal(expected, strata.Stderr);
        Assert.Equal(1, strata.ExitCode);
    }

    [Fact]
    public async Task KeepaliveOptionsAreTakenAsVirshTakesThem()
    {
        await using var daemon = await DaemonScope.StartAsync();
        foreach (var options in new[] { new[] { "-k", "1", "-K", "3" }, ["--keepalive-interval=0"], ["--keepalive-count", "2"] })
        {
            var run = await StrataCli.RunAsync([.. options, "-c", daemon.SessionUri, "uri"]);
            Assert.Equal($"{daemon.SessionUri}\n\n", run.Stdout);
        }
    }

    /// <summary>A count once it has stayed the same for half a second.</summary>
    private static async Task<int> SettledAsync(Func<int> count)
    {
        int last = count(), same = 0;
        while (same < 10)
        {
            await Task.Delay(50, CancellationToken.None);
            int now = count();
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (limit.IsCancellationRequested)
                throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
