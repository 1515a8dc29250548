using System.Xml.Linq;
using Strata.Drivers.Qemu.Capabilities;

namespace Strata.Tests.Capabilities;

public class DomainCapabilitiesXmlTests
{
    private static IEnumerable<string> EnumValues(XElement parent, string name) =>
        parent.Elements("enum").Single(e => e.Attribute("name")!.Value == name).Elements("value").Select(v => v.Value);

    [Fact]
    public void DefaultsToTheDefaultMachineAndQemuWithoutKvm()
    {
        var caps = XElement.Parse(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg));
        Assert.Equal("domainCapabilities", caps.Name.LocalName);
        Assert.Equal("/usr/bin/qemu-system-x86_64", caps.Element("path")!.Value);
        Assert.Equal("qemu", caps.Element("domain")!.Value);
        Assert.Equal("pc-i440fx-7.2", caps.Element("machine")!.Value);
        Assert.Equal("x86_64", caps.Element("arch")!.Value);
        Assert.Equal("255", caps.Element("vcpu")!.Attribute("max")!.Value);
        Assert.Equal(["bios"], EnumValues(caps.Element("os")!, "firmware"));
    }

    [Fact]
    public void AnAliasResolvesToItsCanonicalMachine()
    {
        var caps = XElement.Parse(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, machine: "q35"));
        Assert.Equal("pc-q35-7.2", caps.Element("machine")!.Value);
        Assert.Equal("288", caps.Element("vcpu")!.Attribute("max")!.Value);
    }

    [Fact]
    public void CpuModesFollowTheAccelerator()
    {
        var tcg = XElement.Parse(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg)).Element("cpu")!;
        var modes = tcg.Elements("mode").ToDictionary(m => m.Attribute("name")!.Value, m => m.Attribute("supported")!.Value);
        Assert.Equal("no", modes["host-passthrough"]);
        Assert.Equal("yes", modes["maximum"]);
        Assert.Equal("yes", modes["custom"]);
        var custom = tcg.Elements("mode").Single(m => m.Attribute("name")!.Value == "custom").Elements("model").ToList();
        Assert.DoesNotContain(custom, m => m.Value is "max" or "host");
        var qemu64 = custom.Single(m => m.Value == "qemu64");
        Assert.Equal(("yes", "unknown"), (qemu64.Attribute("usable")!.Value, qemu64.Attribute("vendor")!.Value));
        Assert.Equal("no", custom.Single(m => m.Value == "Skylake-Client").Attribute("usable")!.Value);
        Assert.Equal("yes", custom.Single(m => m.Value == "Icelake-Client").Attribute("deprecated")!.Value);

        var kvm = XElement.Parse(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Kvm));
        Assert.Equal("kvm", kvm.Element("domain")!.Value);
        Assert.Equal("yes", kvm.Element("cpu")!.Elements("mode").Single(m => m.Attribute("name")!.Value == "host-passthrough").Attribute("supported")!.Value);
    }

    [Fact]
    public void DevicesListOnlyWhatTheEmulatorHas()
    {
        var devices = XElement.Parse(DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg)).Element("devices")!;
        Assert.Equal(["disk", "cdrom"], EnumValues(devices.Element("disk")!, "diskDevice"));
        Assert.Equal(["ide", "scsi", "virtio", "sata"], EnumValues(devices.Element("disk")!, "bus"));
        Assert.Equal(["vnc"], EnumValues(devices.Element("graphics")!, "type"));
        // The sample emulator has VGA and virtio-vga but neither cirrus-vga nor bochs-display.
        Assert.Equal(["vga", "virtio", "none"], EnumValues(devices.Element("video")!, "modelType"));
        Assert.Equal(["virtio"], EnumValues(devices.Element("rng")!, "model"));
        Assert.Equal("no", devices.Element("hostdev")!.Attribute("supported")!.Value);
    }

    [Fact]
    public void KvmOnAHostWithoutItIsAnInvalidArgumentThatSaysWhy()
    {
        var error = Assert.Throws<StrataException>(() => DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, virtType: "kvm"));
        Assert.Equal(ErrorCode.InvalidArg, error.Code);
        Assert.Contains("KVM is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("kvm_pvm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pc-nonexistent", null, null)]
    [InlineData(null, "xen", null)]
    [InlineData(null, null, "aarch64")]
    public void WhatTheEmulatorCannotDoIsAnInvalidArgument(string? machine, string? virtType, string? arch)
    {
        var error = Assert.Throws<StrataException>(() =>
            DomainCapabilitiesXml.Format(CapabilitiesSamples.Qemu(), CapabilitiesSamples.Tcg, machine, virtType, arch));
        Assert.Equal(ErrorCode.InvalidArg, error.Code);
        Assert.StartsWith("invalid argument: ", error.Message, StringComparison.Ordinal);
    }
}
