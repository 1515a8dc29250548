using System.Net.Sockets;
using System.Text;
using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>The real <c>virsh console</c> through stratad: the guest's serial console as a libvirt stream.</summary>
[Trait("Category", "Libvirt")]
public sealed class VirshConsoleSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);

    private static async Task<DaemonScope> StartWithShellGuestAsync(string name)
    {
        var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string xml = daemon.Scope.File($"{name}.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml(name, serialLog: null, extraCmdline: "strata.shell=1"));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain '{name}' defined from {xml}\n\n");
        return daemon;
    }

    private static ScriptedTerminal Virsh(DaemonScope daemon, string arguments) =>
        ScriptedTerminal.Start($"virsh -c '{daemon.SessionUri}' {arguments}", daemon.Scope.Environment);

    [Fact]
    public async Task VirshConsoleTypesIntoTheGuestAndCtrlBracketLeavesTheDaemonServing()
    {
        await using var daemon = await StartWithShellGuestAsync("talk");
        using (var console = Virsh(daemon, "start --console talk"))
        {
            await console.ReadUntilAsync("Escape character is ^]", Boot);
            await console.ReadUntilAsync(TinyGuest.ReadyLine, Boot);
            await console.TypeAsync("echo hello-$((6*7))\r");
            await console.ReadUntilAsync("hello-42", Boot);
            await console.TypeAsync("\u001d");
            Assert.Equal(0, await console.WaitForExitAsync(Exit));
        }

        // The stream ended, not the daemon nor the guest: the console opens again, and other calls are answered.
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--name"), "talk\n\n");
        using (var again = Virsh(daemon, "console talk"))
        {
            await again.ReadUntilAsync("Escape character is ^]", Boot);
            await again.TypeUntilAsync("echo again-$((6*7))\r", "again-42", Boot);
            await again.TypeAsync("\u001d");
            Assert.Equal(0, await again.WaitForExitAsync(Exit));
        }
        await Expect.StdoutAsync(daemon.VirshAsync("domstate", "talk"), "running\n\n");
    }

    [Fact]
    public async Task ASecondConsoleIsRefusedAndForceTakesTheConsoleOver()
    {
        await using var daemon = await StartWithShellGuestAsync("shared");
        using var first = Virsh(daemon, "start --console shared");
        await first.ReadUntilAsync(TinyGuest.ReadyLine, Boot);

        using (var second = Virsh(daemon, "console shared"))
        {
            Assert.Equal(1, await second.WaitForExitAsync(Exit));
            Assert.Contains("Active console session exists for this domain", second.Seen, StringComparison.Ordinal);
        }
        await first.TypeAsync("echo still-$((6*7))\r");
        await first.ReadUntilAsync("still-42", Boot);

        using var forced = Virsh(daemon, "console --force shared");
        await forced.ReadUntilAsync("Escape character is ^]", Boot);
        // The displaced virsh is told why and ends (libvirt aborts the displaced stream too).
        Assert.Equal(1, await first.WaitForExitAsync(Exit));
        Assert.Contains("error: operation failed: the console was taken over by another session", first.Seen, StringComparison.Ordinal);
        await forced.TypeUntilAsync("echo taken-$((6*7))\r", "taken-42", Boot);
        Assert.DoesNotContain("taken-42", first.Seen, StringComparison.Ordinal);
        await forced.TypeAsync("\u001d");
        Assert.Equal(0, await forced.WaitForExitAsync(Exit));
    }

    [Fact]
    public async Task AKilledConsoleFreesTheDomainAndAStoppedGuestEndsTheConsole()
    {
        await using var daemon = await StartWithShellGuestAsync("brief");
        using (var killed = Virsh(daemon, "start --console brief"))
            await killed.ReadUntilAsync(TinyGuest.ReadyLine, Boot);

        // The killed client's stream ended with it: a new console needs no --force.
        using var console = Virsh(daemon, "console brief");
        await console.ReadUntilAsync("Escape character is ^]", Boot);
        await console.TypeUntilAsync("echo alive-$((6*7))\r", "alive-42", Boot);

        await Expect.StdoutAsync(daemon.VirshAsync("destroy", "brief"), "Domain 'brief' destroyed\n\n");
        // QEMU's end of the pty closed: the stream reaches end of file and virsh leaves as from Ctrl+].
        Assert.Equal(0, await console.WaitForExitAsync(Exit));
        Assert.DoesNotContain("error:", console.Seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestThatReadsNoInputHoldsUpNeitherTheConnectionNorTheNextConsole()
    {
        await using var daemon = await DaemonScope.StartAsync();
        // Only firmware runs: nothing in the guest reads the serial port.
        string xml = daemon.Scope.File("unread.xml");
        await File.WriteAllTextAsync(xml, "<domain type='qemu'><name>unread</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>" +
            "<devices><serial type='pty'/><console type='pty'/></devices></domain>");
        await Expect.StdoutAsync(daemon.VirshAsync("create", xml), $"Domain 'unread' created from {xml}\n\n");
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-console-unread.py");

        var paste = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, "unread", "paste"], timeout: TimeSpan.FromMinutes(1));
        Assert.Equal("console opened\nsent 262144\nhostname answered\n", paste.Stdout);
        var again = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, "unread", "again"], timeout: TimeSpan.FromMinutes(1));
        Assert.Equal("console opened\n", again.Stdout);
        await Expect.StdoutAsync(daemon.VirshAsync("destroy", "unread"), "Domain 'unread' destroyed\n\n");
    }

    [Fact]
    public async Task AConsoleStreamRepliesFirstAndDiesWithItsConnection()
    {
        await using var daemon = await StartWithShellGuestAsync("held");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Socket));
            await using var stream = new NetworkStream(socket);
            var reader = new FrameReader(stream);
            using var timeout = new CancellationTokenSource(Boot);
            async Task<Message> NextAsync() => await reader.ReadAsync(timeout.Token) ?? throw new EndOfStreamException("stratad closed the connection");

            await stream.WriteAsync(RemoteCalls.ConnectOpen.Call(1, new ConnectOpenArgs("qemu:///session", 0)), timeout.Token);
            Assert.Equal(MessageStatus.Ok, (await NextAsync()).Header.Status);
            await stream.WriteAsync(RemoteCalls.DomainLookupByName.Call(2, new StringValue("held")), timeout.Token);
            var domain = RemoteCalls.DomainLookupByName.Result(await NextAsync()).Dom;
            // Started and attached at once (as virsh start --console), so the guest's first lines are seen.
            await stream.WriteAsync(RemoteCalls.DomainCreate.Call(3, new DomainValue(domain)), timeout.Token);
            Assert.Equal(MessageStatus.Ok, (await NextAsync()).Header.Status);
            await stream.WriteAsync(RemoteCalls.DomainOpenConsole.Call(4, new DomainOpenConsoleArgs(domain, null, 0)), timeout.Token);

            // The reply comes before any packet of the stream, which carries the call's serial.
            var reply = await NextAsync();
            Assert.Equal((MessageType.Reply, MessageStatus.Ok, 4u), (reply.Header.Type, reply.Header.Status, reply.Header.Serial));
            var seen = new StringBuilder();
            async Task ReadStreamUntilAsync(string text)
            {
                while (!seen.ToString().Contains(text, StringComparison.Ordinal))
                {
                    var packet = await NextAsync();
                    Assert.Equal((MessageType.Stream, MessageStatus.Continue, 4u), (packet.Header.Type, packet.Header.Status, packet.Header.Serial));
                    Assert.True(packet.Payload.Length > 0, $"the console ended before '{text}':\n{seen}");
                    seen.Append(Encoding.UTF8.GetString(packet.Payload.Span));
                }
            }
            await ReadStreamUntilAsync(TinyGuest.ReadyLine);
            var typed = RemoteProgram.Call(RemoteProcedure.DomainOpenConsole, 4) with { Type = MessageType.Stream, Status = MessageStatus.Continue };
            await stream.WriteAsync(Frame.Build(typed, new StreamData(Encoding.UTF8.GetBytes("echo raw-$((6*7))\r"))), timeout.Token);
            await ReadStreamUntilAsync("raw-42");
            // The guest keeps printing: the connection drops while stratad is sending the console's output.
            await stream.WriteAsync(Frame.Build(typed, new StreamData(Encoding.UTF8.GetBytes("i=0; while [ $i -lt 20000 ]; do echo spam$i; i=$((i+1)); done\r"))), timeout.Token);
            await ReadStreamUntilAsync("spam100");
        }

        // The connection dropped without finishing its stream: the console is free again, no --force needed.
        using var console = Virsh(daemon, "console held");
        await console.ReadUntilAsync("Escape character is ^]", Boot);
        await console.TypeUntilAsync("echo free-$((6*7))\r", "free-42", Boot);
        await console.TypeAsync("\u001d");
        Assert.Equal(0, await console.WaitForExitAsync(Exit));
    }
}
