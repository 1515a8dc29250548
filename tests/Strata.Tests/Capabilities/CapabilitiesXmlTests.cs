using System.Xml.Linq;
using Strata.Drivers.Qemu.Capabilities;

namespace Strata.Tests.Capabilities;

public class CapabilitiesXmlTests
{
    private static XElement Parse(string xml) => XElement.Parse(xml);

    [Fact]
    public void TheHostHasIdentityCpuAndTopology()
    {
        var caps = Parse(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, CapabilitiesSamples.Host));
        Assert.Equal("capabilities", caps.Name.LocalName);
        var host = caps.Element("host")!;
        Assert.Equal("5a1e0000-0000-4000-8000-00000000cafe", host.Element("uuid")!.Value);
        var cpu = host.Element("cpu")!;
        Assert.Equal("x86_64", cpu.Element("arch")!.Value);
        Assert.Equal("Intel", cpu.Element("vendor")!.Value);
        Assert.Equal("2299998000", cpu.Element("counter")!.Attribute("frequency")!.Value);
        var topology = cpu.Element("topology")!;
        Assert.Equal(("1", "2", "1"), (topology.Attribute("sockets")!.Value, topology.Attribute("cores")!.Value, topology.Attribute("threads")!.Value));
        Assert.Equal(["4", "2048", "1048576"], cpu.Elements("pages").Select(p => p.Attribute("size")!.Value));
        var cell = host.Element("topology")!.Element("cells")!.Element("cell")!;
        Assert.Equal("23685324", cell.Element("memory")!.Value);
        Assert.Equal(2, cell.Element("cpus")!.Elements("cpu").Count());
        Assert.Equal("none", host.Element("secmodel")!.Element("model")!.Value);
    }

    [Fact]
    public void TheGuestListsMachinesWithCanonicalNamesDefaultFirst()
    {
        var caps = Parse(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, CapabilitiesSamples.Host));
        var guest = caps.Element("guest")!;
        Assert.Equal("hvm", guest.Element("os_type")!.Value);
        var arch = guest.Element("arch")!;
        Assert.Equal("x86_64", arch.Attribute("name")!.Value);
        Assert.Equal("64", arch.Element("wordsize")!.Value);
        Assert.Equal("/usr/bin/qemu-system-x86_64", arch.Element("emulator")!.Value);
        var machines = arch.Elements("machine").ToList();
        Assert.Equal("pc-i440fx-7.2", machines[0].Value);
        Assert.Equal("pc", machines[1].Value);
        Assert.Equal("pc-i440fx-7.2", machines[1].Attribute("canonical")!.Value);
        Assert.Equal("255", machines[1].Attribute("maxCpus")!.Value);
        var q35 = machines.Single(m => m.Value == "q35");
        Assert.Equal("pc-q35-7.2", q35.Attribute("canonical")!.Value);
        Assert.Equal("288", q35.Attribute("maxCpus")!.Value);
        Assert.Equal("yes", machines.Single(m => m.Value == "pc-i440fx-1.4").Attribute("deprecated")!.Value);
        Assert.NotNull(guest.Element("features")!.Element("acpi"));
    }

    [Fact]
    public void KvmIsAbsentWhenNotUsable()
    {
        var caps = Parse(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, CapabilitiesSamples.Host));
        var types = caps.Descendants("domain").Select(d => d.Attribute("type")!.Value);
        Assert.Equal(["qemu"], types);
    }

    [Fact]
    public void KvmIsListedWhenUsableAndBuiltIn()
    {
        var caps = Parse(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Kvm, CapabilitiesSamples.Host));
        Assert.Equal(["qemu", "kvm"], caps.Descendants("domain").Select(d => d.Attribute("type")!.Value));
        var withoutKvmSupport = Parse(CapabilitiesXml.Format(CapabilitiesSamples.Qemu(kvmBuiltIn: false), CapabilitiesSamples.Kvm, CapabilitiesSamples.Host));
        Assert.Equal(["qemu"], withoutKvmSupport.Descendants("domain").Select(d => d.Attribute("type")!.Value));
    }

    [Fact]
    public void TheTextIsFormattedAsLibvirtDoes()
    {
        string xml = CapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, CapabilitiesSamples.Host);
        Assert.StartsWith("<capabilities>\n  <host>\n    <uuid>", xml, StringComparison.Ordinal);
        Assert.Contains("\n      <domain type='qemu'/>\n", xml, StringComparison.Ordinal);
        Assert.Contains("<machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>", xml, StringComparison.Ordinal);
        Assert.EndsWith("</capabilities>\n", xml, StringComparison.Ordinal);
    }
}
