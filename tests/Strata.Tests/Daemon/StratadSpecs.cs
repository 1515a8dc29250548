using System.Buffers.Binary;
using System.Net.Sockets;
using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>The real virsh (libvirt-clients) managing Strata through stratad, over libvirt's own wire protocol.</summary>
[Trait("Category", "Libvirt")]
public sealed class StratadSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task VirshRunsTheTinyGuestsWholeLifecycleThroughStratad()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string serial = daemon.Scope.File("life.serial");
        string xml = daemon.Scope.File("life.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("life", serial));

        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'life' defined from {xml}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("start", "life"), "Domain 'life' started\n\n");
        var info = await daemon.VirshAsync("dominfo", "life");
        Assert.Contains("State:          running", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("Max memory:     262144 KiB", info.Stdout, StringComparison.Ordinal);
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);

        await Expect.StdoutAsync(daemon.VirshAsync("suspend", "life"), "Domain 'life' suspended\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("domstate", "--reason", "life"), "paused (user)\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("resume", "life"), "Domain 'life' resumed\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("shutdown", "life"), "Domain 'life' is being shutdown\n\n");
        using (var timeout = new CancellationTokenSource(Boot))
        {
            // Through the library: the same daemon-less driver stratad serves, waiting on QEMU's event.
            var domain = await daemon.Scope.Driver.LookupByNameAsync("life", timeout.Token);
            Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Shutdown), await daemon.Scope.Driver.WaitForStopAsync(domain, timeout.Token));
        }
        await Expect.StdoutAsync(daemon.VirshAsync("domstate", "--reason", "life"), "shut off (shutdown)\n\n");

        await Expect.StdoutAsync(daemon.VirshAsync("start", "life"), "Domain 'life' started\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("destroy", "life"), "Domain 'life' destroyed\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("undefine", "life"), "Domain 'life' has been undefined\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all"), " Id   Name   State\n--------------------\n\n");
    }

    [Fact]
    public async Task VirshErrorsComeFromStrataThroughTheWire()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var missing = await daemon.VirshAsync("dominfo", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error: failed to get domain 'nosuch'", missing.Stderr, StringComparison.Ordinal);

        string bad = daemon.Scope.File("bad.xml");
        await File.WriteAllTextAsync(bad, "<domain type='qemu'><name>w</name><memory>1024</memory><os><type>hvm</type></os><devices><watchdog model='i6300esb'/></devices></domain>");
        var refused = await daemon.VirshAsync("define", bad);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("watchdog", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReadOnlySocketRefusesChangesButAnswersQuestions()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string xml = daemon.Scope.File("ro.xml");
        await File.WriteAllTextAsync(xml, "<domain type='qemu'><name>ro</name><memory>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>");
        var define = await ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, "define", xml]);
        Assert.Equal(1, define.ExitCode);
        Assert.EndsWith("error: operation forbidden: read only access prevents virDomainDefineXML\n", define.Stderr, StringComparison.Ordinal);
        // It runs the emulator it is given: refused read-only since CVE-2019-10167, as by libvirtd.
        await Expect.FailureAsync(ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, "domcapabilities", "--emulatorbin", "/bin/true"]),
            "error: failed to get emulator capabilities\nerror: operation forbidden: read only access prevents virConnectGetDomainCapabilities\n");

        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'ro' defined from {xml}\n\n");
        var list = await ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, "list", "--all", "--name"]);
        Assert.Equal("ro\n\n", list.Stdout);
        foreach (var (change, function) in new[] { ("start", "virDomainCreate"), ("destroy", "virDomainDestroy"), ("undefine", "virDomainUndefineFlags") })
        {
            var refused = await ProcessRunner.RunAsync("virsh", ["-c", daemon.ReadOnlyUri, change, "ro"]);
            Assert.Equal(1, refused.ExitCode);
            Assert.EndsWith($"error: operation forbidden: read only access prevents {function}\n", refused.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VirshEventLoopShowsTheLifecycle()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string xml = daemon.Scope.File("ev.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("ev", daemon.Scope.File("ev.serial")));

        var start = new System.Diagnostics.ProcessStartInfo("virsh", ["-c", daemon.SessionUri, "event", "--event", "lifecycle", "--loop", "--timeout", "60"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var events = System.Diagnostics.Process.Start(start)!;
        try
        {
            var output = new System.Text.StringBuilder();
            events.OutputDataReceived += (_, e) =>
            {
                lock (output)
                    output.AppendLine(e.Data);
            };
            events.BeginOutputReadLine();
            using (var registered = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (!daemon.Log.Contains("registered event callback", StringComparison.Ordinal))
                    await Task.Delay(20, registered.Token);
            }

            foreach (var step in new[] { new[] { "define", xml }, ["start", "ev"], ["suspend", "ev"], ["resume", "ev"], ["destroy", "ev"], ["undefine", "ev"] })
                Assert.Equal(0, (await daemon.VirshAsync(step)).ExitCode);

            string[] expected =
            [
                "event 'lifecycle' for domain 'ev': Defined Added",
                "event 'lifecycle' for domain 'ev': Started Booted",
                "event 'lifecycle' for domain 'ev': Suspended Paused",
                "event 'lifecycle' for domain 'ev': Resumed Unpaused",
                "event 'lifecycle' for domain 'ev': Stopped Destroyed",
                "event 'lifecycle' for domain 'ev': Undefined Removed",
            ];
            using var seen = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                string text;
                lock (output)
                    text = output.ToString();
                var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length >= expected.Length)
                {
                    Assert.Equal(expected, lines.Take(expected.Length));
                    break;
                }
                await Task.Delay(20, seen.Token);
            }
        }
        finally
        {
            if (!events.HasExited)
                events.Kill();
        }
    }

    [Fact]
    public async Task LibvirtPythonDefinesListsReadsAndUndefinesFiftyDomains()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-roundtrip.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket], daemon.Scope.Environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            "listed 50\nby uuid py7\nby name py7 state 5 info 5 65536\nxml names it True\npersistent 1 active 0\nleft 0\n",
            run.Stdout);
    }

    [Fact]
    public async Task RestartingStratadLeavesGuestsRunningWithTheirIds()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        foreach (var name in new[] { "one", "two" })
        {
            string xml = daemon.Scope.File(name + ".xml");
            await File.WriteAllTextAsync(xml, guest.DomainXml(name, daemon.Scope.File(name + ".serial")));
            Assert.Equal(0, (await daemon.VirshAsync("define", xml)).ExitCode);
            Assert.Equal(0, (await daemon.VirshAsync("start", name)).ExitCode);
        }
        var before = await daemon.VirshAsync("list");

        await daemon.RestartAsync();

        var after = await daemon.VirshAsync("list");
        Assert.Equal(before.Stdout, after.Stdout);
        Assert.Contains("one    running", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("two    running", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("reattached to 'one'", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("reattached to 'two'", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTestDriverIsServedToo()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var list = await ProcessRunner.RunAsync("virsh", ["-c", $"test+unix:///default?socket={daemon.Socket}", "list"]);
        Assert.Equal(" Id   Name   State\n----------------------\n 1    test   running\n\n", list.Stdout);
    }

    [Theory]
    [InlineData("zero length", new byte[] { 0, 0, 0, 0 })]
    [InlineData("over 16 MiB", new byte[] { 0x7f, 0xff, 0xff, 0xff })]
    [InlineData("truncated header", new byte[] { 0, 0, 0, 12, 0x20, 0, 0x80, 0x86, 0, 0, 0, 1 })]
    [InlineData("garbage", new byte[] { 0, 0, 0, 28, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 })]
    public async Task ABadFrameClosesOnlyItsOwnConnection(string what, byte[] frame)
    {
        await using var daemon = await DaemonScope.StartAsync();
        using var bystander = await ConnectAsync(daemon.Socket);
        using (var attacker = await ConnectAsync(daemon.Socket))
        {
            await attacker.SendAsync(frame);
            // Either an error reply or a clean close; the connection must not hang the daemon.
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read = await attacker.ReceiveAsync(buffer, timeout.Token);
            Assert.True(read >= 0, what);
        }
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");
        Assert.True(bystander.Connected);
    }

    [Theory]
    [InlineData(0x12345678u, 1, "Cannot find program")]
    [InlineData(0x12345678u, 2, "Cannot find program")] // the number of CONNECT_CLOSE, in another program: no close
    [InlineData(0x20008086u, 99999, "unknown procedure")]
    public async Task AnUnknownCallGetsAnErrorReplyNotAClose(uint program, int procedure, string expected)
    {
        await using var daemon = await DaemonScope.StartAsync();
        using var client = await ConnectAsync(daemon.Socket);
        var call = new byte[28];
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(0), 28);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(4), program);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32BigEndian(call.AsSpan(12), procedure);
        BinaryPrimitives.WriteInt32BigEndian(call.AsSpan(16), 0); // CALL
        BinaryPrimitives.WriteInt32BigEndian(call.AsSpan(20), 7); // serial
        BinaryPrimitives.WriteInt32BigEndian(call.AsSpan(24), 0); // OK
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int serial = 7; serial <= 8; serial++) // answered, and answered again: the connection stays
        {
            BinaryPrimitives.WriteInt32BigEndian(call.AsSpan(20), serial);
            await client.SendAsync(call);
            var reply = new byte[4096];
            int read = 0;
            while (read < 4 || read < BinaryPrimitives.ReadInt32BigEndian(reply))
            {
                int got = await client.ReceiveAsync(reply.AsMemory(read), timeout.Token);
                Assert.True(got > 0, "stratad closed the connection");
                read += got;
            }
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(reply.AsSpan(16))); // REPLY
            Assert.Equal(serial, BinaryPrimitives.ReadInt32BigEndian(reply.AsSpan(20))); // same serial
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(reply.AsSpan(24))); // ERROR
            Assert.Contains(expected, System.Text.Encoding.ASCII.GetString(reply, 28, read - 28), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CallsStratadDoesNotCarryOutAreAnsweredByteForByteAsLibvirtdAnswersThem()
    {
        // unsupported.frames: a raw client and libvirtd 9.0 — open, an API the driver lacks, an event's number sent as
        // a call, a number libvirt does not have, close. stratad must send back the very same frames. (The capture
        // opened qemu:///system; this daemon serves the session, so the open names it instead, with the same serial.)
        var frames = File.ReadLines(Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "Captures", "unsupported.frames"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (FromClient: l[0] == 'C', Hex: l[2..]))
            .ToList();
        await using var daemon = await DaemonScope.StartAsync();
        using var client = await ConnectAsync(daemon.Socket);
        await using var stream = new NetworkStream(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (int i = 0; i < frames.Count; i += 2)
        {
            Assert.True(frames[i].FromClient && !frames[i + 1].FromClient);
            var call = Convert.FromHexString(frames[i].Hex);
            if (i == 0)
                call = Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectOpen, 0), new ConnectOpenArgs("qemu:///session", 0));
            await client.SendAsync(call);
            Assert.Equal(frames[i + 1].Hex, Convert.ToHexString(await ReadFrameAsync(stream, timeout.Token)).ToLowerInvariant());
        }
    }

    [Fact]
    public async Task VirshStepsAroundDriversStratadDoesNotHave()
    {
        await using var daemon = await DaemonScope.StartAsync();
        // virsh asks for the list first and, told the API is unsupported, falls back to the older count call.
        var run = await daemon.VirshAsync("net-list --all; nodedev-list; list --all --name");
        Assert.Equal(
            "error: Failed to get the number of active networks\n" +
            "error: this function is not supported by the connection driver: virConnectNumOfNetworks\n" +
            "error: Failed to count node devices\n" +
            "error: this function is not supported by the connection driver: virNodeNumOfDevices\n", run.Stderr);
        Assert.Equal("\n\n\n", run.Stdout); // two empty answers, then the (empty) domain list on the same connection
    }

    [Fact]
    public async Task AConnectionIsOpenedOnceAsInLibvirtd()
    {
        await using var daemon = await DaemonScope.StartAsync();
        using var client = await ConnectAsync(daemon.Socket);
        await using var stream = new NetworkStream(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Null((await CallAsync(stream, RemoteCalls.ConnectOpen.Call(1, new ConnectOpenArgs("qemu:///session", 0)), timeout.Token)).Error);
        var again = (await CallAsync(stream, RemoteCalls.ConnectOpen.Call(2, new ConnectOpenArgs("test:///default", 0)), timeout.Token)).Error!;
        // libvirtd 9.0's answer, checked against it.
        Assert.Equal(((int)ErrorCode.InternalError, LibvirtErrors.DomainRpc, "internal error: connection already open"), (again.Code, again.Domain, again.Message));
        Assert.Equal("qemu:///session", RemoteCalls.ConnectGetUri.Result(await CallAsync(stream, RemoteCalls.ConnectGetUri.Call(3, XdrVoid.Value), timeout.Token)).Value);
    }

    [Fact]
    public async Task ClosingAConnectionEndsItOnceTheReplyIsSentAsInLibvirtd()
    {
        await using var daemon = await DaemonScope.StartAsync();
        using var client = await ConnectAsync(daemon.Socket);
        await using var stream = new NetworkStream(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Null((await CallAsync(stream, RemoteCalls.ConnectOpen.Call(1, new ConnectOpenArgs("qemu:///session", 0)), timeout.Token)).Error);

        var closed = await CallAsync(stream, RemoteCalls.ConnectClose.Call(2, XdrVoid.Value), timeout.Token);
        Assert.Equal((2u, MessageStatus.Ok), (closed.Header.Serial, closed.Header.Status));
        // libvirtd 9.0 closes the socket after this reply (a delayed close); so does stratad, with nothing more sent.
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token));
    }

    /// <summary>Sends one call frame and reads the next frame back (no events are registered on these connections).</summary>
    private static async Task<Message> CallAsync(Stream stream, byte[] call, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(call, cancellationToken);
        return Frame.Parse(await ReadFrameAsync(stream, cancellationToken));
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length, cancellationToken);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        length.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(4), cancellationToken);
        return frame;
    }

    private static async Task<Socket> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
