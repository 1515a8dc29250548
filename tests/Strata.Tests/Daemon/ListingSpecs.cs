using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// stratad keeps the encoded reply of a domain listing while nothing changed: every change, through the daemon or
/// made by another process behind its back, shows in the very next listing.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class ListingSpecs
{
    private static string PlainXml(string name) =>
        $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public async Task AKeptListingFollowsEveryChangeThroughTheDaemonOrBehindIt()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string a = daemon.Scope.File("a.xml"), b = daemon.Scope.File("b.xml"), c = daemon.Scope.File("c.xml");
        await File.WriteAllTextAsync(a, guest.DomainXml("a", daemon.Scope.File("a.serial")));
        await File.WriteAllTextAsync(b, PlainXml("b"));
        await File.WriteAllTextAsync(c, PlainXml("c"));
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "\n");

        // Defined through the daemon, twice listed (the second answer is the kept one).
        await Expect.StdoutAsync(daemon.VirshAsync("define", a), $"Domain 'a' defined from {a}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("define", b), $"Domain 'b' defined from {b}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "a\nb\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "a\nb\n\n");

        // Defined and marked autostart by another process (the daemon-less CLI).
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("define", c), $"Domain 'c' defined from {c}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "a\nb\nc\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name", "--autostart"), "\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("autostart", "c"), "Domain 'c' marked as autostarted\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name", "--autostart"), "c\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name", "--no-autostart"), "a\nb\n\n");

        // Started through the daemon: listed with its id while it runs; destroyed behind the daemon's back: listed off.
        await Expect.StdoutAsync(daemon.VirshAsync("start", "a"), "Domain 'a' started\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--name"), "a\n\n");
        var running = await daemon.VirshAsync("list", "--all");
        Assert.Matches(@"\n \d+\s+a\s+running\n", running.Stdout);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("destroy", "a"), "Domain 'a' destroyed\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--name"), "\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name", "--state-shutoff"), "a\nb\nc\n\n");

        // Undefined behind the daemon's back, then through it.
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("undefine", "b"), "Domain 'b' has been undefined\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "a\nc\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("undefine", "c"), "Domain 'c' has been undefined\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("list", "--all", "--name"), "a\n\n");
    }
}
