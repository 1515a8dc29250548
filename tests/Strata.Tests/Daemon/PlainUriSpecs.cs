using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>A plain qemu:///session goes through stratad when one listens on its default socket, as in libvirt, and works daemonless otherwise.</summary>
[Trait("Category", "Libvirt")]
public sealed class PlainUriSpecs
{
    private const string Xml = "<domain type='qemu'><name>plain</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public async Task APlainSessionUriGoesThroughStratadListeningOnTheDefaultSocket()
    {
        await using var daemon = await DaemonScope.StartAsync(onDefaultSocket: true);
        string xml = daemon.Scope.File("plain.xml");
        await File.WriteAllTextAsync(xml, Xml);

        // The scope's STRATA_DEFAULT_URI is the plain qemu:///session.
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("define", xml), $"Domain 'plain' defined from {xml}\n\n");
        var stack = await daemon.Scope.StrataAsync("stack", "plain");
        Assert.True(stack.ExitCode == 0, stack.ToString());
        Assert.Contains($"the daemon at {daemon.Socket}", stack.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("daemonless", stack.Stdout, StringComparison.Ordinal);
        Assert.Contains("QEMU driver, qemu:///session", stack.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainSessionUriWorksDaemonlessWhenNoDaemonListens()
    {
        await using var scope = QemuScope.Create();
        string xml = scope.File("plain.xml");
        await File.WriteAllTextAsync(xml, Xml);
        // A socket file that nobody serves (a daemon that died) is not a daemon.
        string stale = Path.Combine(scope.Environment["XDG_RUNTIME_DIR"], "strata", "strata-sock");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(stale));

        await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain 'plain' defined from {xml}\n\n");
        var stack = await scope.StrataAsync("stack", "plain");
        Assert.True(stack.ExitCode == 0, stack.ToString());
        Assert.Contains("daemonless", stack.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("the daemon at", stack.Stdout, StringComparison.Ordinal);
        Assert.Contains("QEMU driver, qemu:///session", stack.Stdout, StringComparison.Ordinal);
    }
}
