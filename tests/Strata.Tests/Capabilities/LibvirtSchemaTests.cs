using System.Diagnostics;
using Strata.Drivers.Qemu.Capabilities;
using Strata.Host;
using Xunit.Abstractions;

namespace Strata.Tests.Capabilities;

/// <summary>The documents against libvirt's own RELAX NG schemas, via virt-xml-validate (libvirt-clients).</summary>
[Trait("Category", "Libvirt")]
public class LibvirtSchemaTests(ITestOutputHelper output)
{
    private const string Validator = "/usr/bin/virt-xml-validate";

    private void AssertValid(string xml, string schema)
    {
        Assert.True(File.Exists(Validator), $"{Validator} is not installed (tools/setup installs libvirt-clients and libxml2-utils)");
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "document.xml");
        File.WriteAllText(file, xml);
        using var process = Process.Start(new ProcessStartInfo(Validator, [file, schema])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{schema} validation failed:\n{stdout}{stderr}\n{xml}");
    }

    [Fact]
    public void CapabilitiesMatchLibvirtsSchema()
    {
        AssertValid(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, CapabilitiesSamples.Host), "capability");
        AssertValid(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Kvm, HostFacts.Gather()), "capability");
    }

    [Fact]
    public void DomainCapabilitiesMatchLibvirtsSchema()
    {
        AssertValid(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg), "domaincaps");
        AssertValid(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Kvm, "microvm"), "domaincaps");
    }

    [Fact]
    [Trait("Category", "Qemu")]
    public async Task TheRealEmulatorAndHostMakeValidDocuments()
    {
        var qemu = await QemuCapabilitiesProbe.ProbeAsync(EmulatorLocator.Find(null));
        string caps = CapabilitiesXml.Format(qemu);
        string domcaps = DomainCapabilitiesXml.Format(qemu, HostVirtualization.Detect());
        output.WriteLine(caps);
        output.WriteLine(domcaps);
        AssertValid(caps, "capability");
        AssertValid(domcaps, "domaincaps");
    }
}
