using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Strata's client against a real libvirtd: the strata CLI manages a TCG guest that libvirt runs.</summary>
[Trait("Category", "Libvirt")]
public sealed partial class RealLibvirtdSpecs(LibvirtdFixture libvirtd) : IClassFixture<LibvirtdFixture>
{
    [Fact]
    public async Task LibvirtPythonSeesTheSameErrorCodesAndOriginsFromStratadAsFromLibvirtd()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-errors.py");
        var fromLibvirtd = await ProcessRunner.RunAsync("/usr/bin/python3", [script, libvirtd.Uri]);
        var fromStratad = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.SessionUri], daemon.Scope.Environment);
        Assert.True(fromLibvirtd.ExitCode == 0, fromLibvirtd.ToString());
        // No domain (42) from the QEMU driver (10), no storage pool (49) from the storage driver (18).
        Assert.Equal(
            "lookupByName code 42 from 10\nlookupByUUIDString code 42 from 10\nstoragePoolLookupByName code 49 from 18\n",
            fromLibvirtd.Stdout);
        Assert.Equal(fromLibvirtd.Stdout, fromStratad.Stdout);
    }

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
