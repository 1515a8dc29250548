using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Strata's client against a real libvirtd: the strata CLI manages a TCG guest that libvirt runs.</summary>
[Trait("Category", "Libvirt")]
[Collection(LibvirtdFixture.Collection)]
public sealed partial class RealLibvirtdSpecs(LibvirtdFixture libvirtd)
{
    [Fact]
    public async Task LibvirtPythonSeesTheSameErrorCodesAndOriginsFromStratadAsFromLibvirtd()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-errors.py");
        var fromLibvirtd = await ProcessRunner.RunAsync("/usr/bin/python3", [script, libvirtd.Uri]);
        var fromStratad = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.SessionUri], daemon.Scope.Environment);
        Assert.True(fromLibvirtd.ExitCode == 0, fromLibvirtd.ToString());
        // No domain (42) from the QEMU driver (10), no storage pool (49) from the storage driver (18); what libvirt's
        // code common to all drivers (20) checks: XML that does not parse (35), no name (21), a name or UUID taken (9),
        // a domain that does not run (55), except for shutdown, which QEMU's driver checks itself.
        Assert.Equal(
            """
            lookupByName code 42 from 10
            lookupByUUIDString code 42 from 10
            lookupByID code 42 from 10
            storagePoolLookupByName code 49 from 18
            defineXML malformed code 35 from 20
            defineXML without a name code 21 from 20
            defineXML name taken code 9 from 20
            defineXML uuid taken code 9 from 20
            createXML malformed code 35 from 20
            storagePoolDefineXML malformed code 35 from 18
            storagePoolDefineXML without a target code 27 from 18
            destroy inactive code 55 from 20
            suspend inactive code 55 from 20
            resume inactive code 55 from 20
            shutdown inactive code 55 from 10
            reboot inactive code 55 from 20
            reset inactive code 55 from 20

            """,
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
            // Changes to the definition, through libvirt's own procedures (and back, so the guest boots as defined).
            string disk = scope.File("extra.img");
            await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);
            await Expect.StdoutAsync(Strata("setmaxmem", name, "300M", "--config"), "\n");
            await Expect.StdoutAsync(Strata("setmem", name, "200M", "--config"), "\n");
            await Expect.StdoutAsync(Strata("setvcpus", name, "2", "--config", "--maximum"), "\n");
            await Expect.StdoutAsync(Strata("vcpucount", name), "maximum      config         2\ncurrent      config         1\n\n");
            await Expect.StdoutAsync(Strata("attach-disk", name, disk, "vdb", "--config"), "Disk attached successfully\n\n");
            await Expect.FailureAsync(Strata("attach-disk", name, disk, "vdb", "--config"),
                "error: Failed to attach disk\nerror: Requested operation is not valid: target vdb already exists\n");
            Assert.Contains($" vdb      {disk}\n", (await Strata("domblklist", name)).Stdout, StringComparison.Ordinal);
            await Expect.StdoutAsync(Strata("detach-disk", name, "vdb", "--config"), "Disk detached successfully\n\n");
            Assert.Contains("<currentMemory unit='KiB'>204800</currentMemory>", (await Strata("dumpxml", "--inactive", name)).Stdout, StringComparison.Ordinal);
            await Expect.StdoutAsync(Strata("setvcpus", name, "1", "--config", "--maximum"), "\n");
            await Expect.StdoutAsync(Strata("setmaxmem", name, "256M", "--config"), "\n");
            await Expect.StdoutAsync(Strata("setmem", name, "256M", "--config"), "\n");

            await Expect.StdoutAsync(Strata("start", name), $"Domain '{name}' started\n\n");
            await Expect.StdoutAsync(Strata("domstate", "--reason", name), "running (booted)\n\n");
            await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, TimeSpan.FromSeconds(90));
            var info = await Strata("dominfo", "--json", name);
            Assert.Contains("\"state\": \"running\"", info.Stdout, StringComparison.Ordinal);
            // libvirt's typed parameters, decoded by Strata's client and printed as virsh prints them.
            var stats = await Strata("domstats", "--state", "--vcpu", name);
            Assert.StartsWith($"Domain: '{name}'\n  state.state=1\n  state.reason=1\n  vcpu.current=1\n  vcpu.maximum=1\n  vcpu.0.state=1\n  vcpu.0.time=", stats.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"^VCPU:           0\nCPU:            [0-9]+\nState:          running\nCPU time:       [0-9.]+s\nCPU Affinity:   y+\n\n$", (await Strata("vcpuinfo", name)).Stdout);
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
