using Strata.Tests.Support;

namespace Strata.Tests.Lifecycle;

/// <summary>What only a real guest can show: machine types, reboot, memory balloon.</summary>
[Trait("Category", "Qemu")]
public sealed class QemuGuestSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMicrovmGuestBootsUnderTcgAndShutsDown()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string serial = scope.File("micro.serial");
        var domain = await scope.Driver.CreateAsync(guest.DomainXml("micro", serial, machine: "microvm"), default);
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);
        string argv = string.Join(' ', File.ReadAllText($"/proc/{File.ReadAllText(Path.Combine(scope.Paths.RunDir, "micro.pid")).Trim()}/cmdline").Split('\0'));
        Assert.Contains("microvm", argv, StringComparison.Ordinal);
        Assert.Contains("tsc_early_khz=", argv, StringComparison.Ordinal);

        await scope.Driver.ShutdownAsync(domain, default);
        using var timeout = new CancellationTokenSource(Boot);
        Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Shutdown), await scope.Driver.WaitForStopAsync(domain, timeout.Token));
    }

    [Fact]
    public async Task RebootRunsTheGuestAgainInTheSameProcess()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string serial = scope.File("again.serial");
        var domain = await scope.Driver.CreateAsync(guest.DomainXml("again", serial), default);
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);
        string pid = File.ReadAllText(Path.Combine(scope.Paths.RunDir, "again.pid"));
        File.WriteAllText(serial, ""); // so the next readiness line is the rebooted guest's

        await scope.Driver.RebootAsync(domain, default);
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);
        Assert.Equal(DomainState.Running, (await scope.Driver.GetStatusAsync(domain, default)).State);
        Assert.Equal(pid, File.ReadAllText(Path.Combine(scope.Paths.RunDir, "again.pid")));
        await scope.Driver.DestroyAsync(domain, default);
    }

    [Fact]
    public async Task AGuestRunningUnderOtherStateIsNotStartedTwice()
    {
        await using var first = QemuScope.Create();
        await using var second = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string xml = guest.DomainXml("twin", first.File("twin.serial")).Replace("<name>twin</name>", $"<name>twin</name><uuid>{Guid.NewGuid()}</uuid>", StringComparison.Ordinal);
        var running = await first.Driver.CreateAsync(xml, default);
        var error = await Assert.ThrowsAsync<OperationInvalidException>(() => second.Driver.CreateAsync(xml, default));
        Assert.Contains("already runs a domain with uuid", error.Message, StringComparison.Ordinal);
        Assert.Empty(await second.Driver.ListDomainsAsync(DomainListFilter.All, default));
        await first.Driver.DestroyAsync(running, default);
    }

    [Fact]
    public async Task LiveXmlShowsWhatQemuAllocated()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string xml = guest.DomainXml("alloc", serialLog: null)
            .Replace("<memballoon", "<graphics type='vnc' autoport='yes'/><memballoon", StringComparison.Ordinal);
        var domain = await scope.Driver.DefineAsync(xml, default);
        domain = await scope.Driver.StartAsync(domain, default);
        string live = await scope.Driver.GetXmlAsync(domain, inactive: false, default);
        string inactive = await scope.Driver.GetXmlAsync(domain, inactive: true, default);
        await scope.Driver.DestroyAsync(domain, default);

        Assert.Matches("<serial type='pty'>\\s*<source path='/dev/pts/[0-9]+'/>", live);
        Assert.Matches("<graphics type='vnc' port='59[0-9][0-9]' autoport='yes'", live);
        Assert.Contains($"id='{domain.Id}'", live, StringComparison.Ordinal);
        Assert.DoesNotContain("/dev/pts/", inactive, StringComparison.Ordinal);
        Assert.Contains("port='-1'", inactive, StringComparison.Ordinal);
    }
}
