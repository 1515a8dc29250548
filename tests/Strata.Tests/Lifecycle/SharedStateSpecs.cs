using Strata.Drivers.Qemu;
using Strata.Tests.Support;

namespace Strata.Tests.Lifecycle;

/// <summary>
/// State lives in files that any process may change: a long-lived QEMU driver (as in stratad, which keeps an index
/// of them) sees another process's change on its very next look.
/// </summary>
public sealed class SharedStateSpecs
{
    private static string Xml(string name, int mib, Guid uuid) =>
        $"<domain type='qemu'><name>{name}</name><uuid>{uuid}</uuid><memory unit='MiB'>{mib}</memory><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public async Task ALongLivedDriverSeesWhatAnotherProcessChangedOnItsNextLook()
    {
        await using var scope = QemuScope.Create();
        var driver = scope.Driver;
        Assert.Empty(await driver.ListDomainsAsync(DomainListFilter.All, default));
        var uuid = Guid.NewGuid();
        string xml = scope.File("shared.xml");

        // Defined by another process (the CLI), seen at once, by name, by UUID and in the list.
        await File.WriteAllTextAsync(xml, Xml("shared", 64, uuid));
        await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain 'shared' defined from {xml}\n\n");
        var domain = await driver.LookupByNameAsync("shared", default);
        Assert.Equal(domain, await driver.LookupByUuidAsync(uuid, default));
        Assert.Equal(["shared"], (await driver.ListDomainsAsync(DomainListFilter.All, default)).Select(d => d.Domain.Name));
        Assert.Equal(64UL * 1024, (await driver.GetInfoAsync(domain, default)).MaxMemoryKiB);

        // Redefined elsewhere: the new definition is what the driver reports.
        await File.WriteAllTextAsync(xml, Xml("shared", 96, uuid));
        await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain 'shared' defined from {xml}\n\n");
        Assert.Equal(96UL * 1024, (await driver.GetInfoAsync(domain, default)).MaxMemoryKiB);

        // Even a definition file rewritten in place (not renamed over) is reread.
        string stored = Path.Combine(scope.Paths.DomainsDir, "shared.xml");
        await File.WriteAllTextAsync(stored, (await File.ReadAllTextAsync(stored)).Replace("98304", "131072", StringComparison.Ordinal));
        Assert.Equal(128UL * 1024, (await driver.GetInfoAsync(domain, default)).MaxMemoryKiB);

        // Autostart set and a domain undefined by another process: both seen at once.
        await Expect.StdoutAsync(scope.StrataAsync("autostart", "shared"), "Domain 'shared' marked as autostarted\n\n");
        Assert.True((await driver.ListDomainsAsync(DomainListFilter.All, default)).Single().Autostart);
        await Expect.StdoutAsync(scope.StrataAsync("undefine", "shared"), "Domain 'shared' has been undefined\n\n");
        Assert.Empty(await driver.ListDomainsAsync(DomainListFilter.All, default));
        await Assert.ThrowsAsync<DomainNotFoundException>(() => driver.LookupByUuidAsync(uuid, default));
    }

    [Fact]
    public async Task AListingIsKeptUntilAFileChangesAndNeverWhileADomainRuns()
    {
        await using var scope = QemuScope.Create();
        var driver = scope.Driver;
        var guest = await TinyGuest.GetAsync();
        string xml = scope.File("kept.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("kept", scope.File("kept.serial")));
        await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain 'kept' defined from {xml}\n\n");

        var first = await driver.ListDomainsAsync(DomainListFilter.All, default);
        Assert.Same(first, await driver.ListDomainsAsync(DomainListFilter.All, default));
        Assert.Equal(DomainState.Shutoff, first.Single().Status.State);

        // Started by another process: a new listing, made again at every look while the domain runs.
        await Expect.StdoutAsync(scope.StrataAsync("start", "kept"), "Domain 'kept' started\n\n");
        var running = await driver.ListDomainsAsync(DomainListFilter.All, default);
        Assert.Equal(DomainState.Running, running.Single().Status.State);
        Assert.NotSame(running, await driver.ListDomainsAsync(DomainListFilter.All, default));

        // Its QEMU killed behind everyone's back, no file changed: the next look still finds it stopped.
        var pid = QemuProcess.ReadPid(Path.Combine(scope.Paths.RunDir, "kept.pid")) ?? throw new InvalidOperationException("no pid file");
        QemuProcess.Kill(pid);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await QemuProcess.WaitForExitAsync(pid, running.Single().Domain.Uuid, timeout.Token);
        Assert.Equal(DomainState.Shutoff, (await driver.ListDomainsAsync(DomainListFilter.All, default)).Single().Status.State);

        // Recorded as stopped (a file changed): kept again.
        var settled = await driver.ListDomainsAsync(DomainListFilter.All, default);
        Assert.Equal(ShutoffReason.Crashed, (ShutoffReason)settled.Single().Status.Reason);
        Assert.Same(settled, await driver.ListDomainsAsync(DomainListFilter.All, default));
    }
}
