using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Strata's own client over libvirt's wire protocol: the strata CLI with a qemu+unix URI, against stratad.</summary>
[Trait("Category", "Libvirt")]
public sealed class RemoteDriverSpecs
{
    [Fact]
    public async Task StrataManagesTheTinyGuestThroughStratad()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string serial = daemon.Scope.File("far.serial");
        string xml = daemon.Scope.File("far.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("far", serial));
        Task<ProcessResult> Strata(params string[] args) => daemon.Scope.StrataAsync(["-c", daemon.SessionUri, .. args]);

        await Expect.StdoutAsync(Strata("define", xml), $"Domain 'far' defined from {xml}\n\n");
        await Expect.StdoutAsync(Strata("list", "--all"), " Id   Name   State\n-----------------------\n -    far    shut off\n\n");
        await Expect.StdoutAsync(Strata("start", "far"), "Domain 'far' started\n\n");
        await Expect.StdoutAsync(Strata("domstate", "--reason", "far"), "running (booted)\n\n");
        var info = await Strata("dominfo", "far");
        Assert.Contains("Persistent:     yes", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("OS Type:        hvm", info.Stdout, StringComparison.Ordinal);
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, TimeSpan.FromSeconds(60));

        // The guest powers itself off; stratad's watcher records it and tells the waiting client.
        await Expect.StdoutAsync(Strata("shutdown", "--wait", "far"), "Domain 'far' is being shutdown\nDomain 'far' is shut off (shutdown)\n\n");
        await Expect.StdoutAsync(Strata("domid", "far"), "-\n\n");
        await Expect.StdoutAsync(Strata("undefine", "far"), "Domain 'far' has been undefined\n\n");

        var missing = await Strata("dominfo", "far");
        Assert.Equal("error: failed to get domain 'far'\n", missing.Stderr);
    }

    [Fact]
    public async Task TheTestDriverBehindStratadAnswersLikeTheLocalOne()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string uri = $"test+unix:///default?socket={daemon.Socket}";
        foreach (var command in new[] { new[] { "list" }, ["domstate", "--reason", "test"], ["dominfo", "test"], ["nodeinfo"] })
        {
            var local = await StrataCli.RunAsync(["-c", "test:///default", .. command]);
            var remote = await StrataCli.RunAsync(["-c", uri, .. command]);
            Assert.Equal(local.Stdout.Split('\n').Where(l => !l.StartsWith("CPU time", StringComparison.Ordinal)),
                remote.Stdout.Split('\n').Where(l => !l.StartsWith("CPU time", StringComparison.Ordinal)));
        }
    }
}
