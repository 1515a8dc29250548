using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Strata's client against a real libvirtd: the strata CLI manages a TCG guest that libvirt runs.</summary>
[Trait("Category", "Libvirt")]
public sealed partial class RealLibvirtdSpecs(LibvirtdFixture libvirtd) : IClassFixture<LibvirtdFixture>
{
    [Fact]
    public async Task StrataRunsATcgGuestsLifecycleOnARealLibvirtd()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string name = "strata-" + Guid.NewGuid().ToString("N")[..8];
        string serial = scope.File("serial.log");
        string xml = scope.File("guest.xml");
        // libvirt (running QEMU as root here) writes the serial log; the file must be where it may write.
        await File.WriteAllTextAsync(xml, guest.DomainXml(name, serial));
        Task<ProcessResult> Strata(params string[] args) => StrataCli.RunAsync(["-c", libvirtd.Uri, .. args]);

        var version = await Strata("version");
        Assert.Contains("Running hypervisor: QEMU 7.", version.Stdout, StringComparison.Ordinal);
        await Expect.StdoutAsync(Strata("define", xml), $"Domain '{name}' defined from {xml}\n\n");
        try
        {
            await Expect.StdoutAsync(Strata("start", name), $"Domain '{name}' started\n\n");
            await Expect.StdoutAsync(Strata("domstate", "--reason", name), "running (booted)\n\n");
            await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, TimeSpan.FromSeconds(90));
            var info = await Strata("dominfo", "--json", name);
            Assert.Contains("\"state\": \"running\"", info.Stdout, StringComparison.Ordinal);
            await Expect.StdoutAsync(Strata("suspend", name), $"Domain '{name}' suspended\n\n");
            await Expect.StdoutAsync(Strata("domstate", "--reason", name), "paused (user)\n\n");
            await Expect.StdoutAsync(Strata("resume", name), $"Domain '{name}' resumed\n\n");
            await Expect.StdoutAsync(Strata("shutdown", "--wait", name), $"Domain '{name}' is being shutdown\nDomain '{name}' is shut off (shutdown)\n\n");
        }
        finally
        {
            await Strata("destroy", name);
            await Expect.StdoutAsync(Strata("undefine", name), $"Domain '{name}' has been undefined\n\n");
        }
    }
}
