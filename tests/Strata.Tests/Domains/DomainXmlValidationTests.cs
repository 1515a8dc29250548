using Strata.Domains;

namespace Strata.Tests.Domains;

public class DomainXmlValidationTests
{
    private static InvalidDefinitionException Rejects(string xml) =>
        Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(xml));

    private static void RejectsNaming(string xml, params string[] fragments)
    {
        InvalidDefinitionException error = Rejects(xml);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MalformedXmlIsReportedAsLibvirtDoesWithTheLineAndACaretUnderTheSpot()
    {
        InvalidDefinitionException error = Rejects("<domain type='qemu'>\n  <name>x</name>\n  <memory>1</memory");

        Assert.Equal(ErrorCode.XmlDetail, error.Code);
        Assert.True(error.FromDomainCode);
        string[] lines = error.Message.Split('\n');
        Assert.StartsWith("(domain_definition):3: malformed domain definition: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("position", lines[0], StringComparison.Ordinal);
        Assert.Equal(["  <memory>1</memory", "-------------------^"], lines[1..]);
    }

    [Fact]
    public void WhatLibvirtsDomainCodeChecksIsReportedFromThere()
    {
        Assert.True(Rejects("<domain type='qemu'><memory>1</memory></domain>") is { Code: ErrorCode.NoName, FromDomainCode: true });
        Assert.True(Rejects(DomainXmlSamples.WithDevice("<watchdog model='i6300esb' action='reset'/>")) is { Code: ErrorCode.ConfigUnsupported, FromDomainCode: false });
    }

    [Fact]
    public void AnotherRootElementIsNamed() =>
        RejectsNaming("<network><name>x</name></network>", "<network>", "<domain>");

    [Fact]
    public void ADoctypeIsRefused() =>
        RejectsNaming("<!DOCTYPE domain [<!ENTITY x 'y'>]><domain type='qemu'><name>&x;</name></domain>", "malformed domain definition", "DTD");

    [Fact]
    public void WatchdogIsRejectedByName()
    {
        InvalidDefinitionException error = Rejects(DomainXmlSamples.WithDevice("<watchdog model='i6300esb' action='reset'/>"));

        Assert.Equal(ErrorCode.ConfigUnsupported, error.Code);
        Assert.Equal("unsupported configuration: element <watchdog model='i6300esb'> is not supported", error.Message);
    }

    [Theory]
    [InlineData("<sound model='ich9'/>", "<sound")]
    [InlineData("<panic model='isa'/>", "<panic")]
    [InlineData("<filesystem type='mount'><source dir='/a'/><target dir='b'/></filesystem>", "<filesystem")]
    [InlineData("<tpm model='tpm-crb'><backend type='emulator'/></tpm>", "<tpm")]
    [InlineData("<hostdev mode='subsystem' type='pci'/>", "<hostdev")]
    [InlineData("<channel type='unix'/>", "<channel")]
    [InlineData("<graphics type='spice'/>", "graphics type 'spice'")]
    [InlineData("<graphics type='sdl'/>", "graphics type 'sdl'")]
    [InlineData("<video><model type='qxl'/></video>", "video model 'qxl'")]
    [InlineData("<audio id='1' type='alsa'/>", "audio type 'alsa'")]
    [InlineData("<interface type='network'><source network='default'/></interface>", "interface type 'network'")]
    [InlineData("<interface type='user'><backend type='passt'/></interface>", "backend type 'passt'")]
    [InlineData("<interface type='user'><model type='ne2k_pci'/></interface>", "interface model 'ne2k_pci'")]
    [InlineData("<serial type='tcp'><source mode='bind' host='a' service='1'/></serial>", "serial type 'tcp'")]
    [InlineData("<serial type='pty'><log file='/x'/></serial>", "<log")]
    [InlineData("<rng model='virtio'><backend model='egd' type='tcp'/></rng>", "rng backend model 'egd'")]
    [InlineData("<rng model='virtio'><backend model='random'>/etc/passwd</backend></rng>", "/etc/passwd")]
    [InlineData("<memballoon model='virtio' autodeflate='on'/>", "autodeflate")]
    [InlineData("<controller type='fdc'/>", "controller type 'fdc'")]
    [InlineData("<controller type='pci' model='pcie-root-port'/>", "pcie-root-port")]
    [InlineData("<input type='passthrough' bus='virtio'/>", "input type 'passthrough'")]
    [InlineData("<disk type='network'><target dev='vda'/></disk>", "disk type 'network'")]
    [InlineData("<disk type='file'><driver name='qemu' type='raw' cache='none'/><source file='/a'/><target dev='vda'/></disk>", "'cache'", "<driver>")]
    [InlineData("<disk type='file'><source file='/a'/><target dev='vda'/><serial>X</serial></disk>", "<serial>", "<disk>")]
    [InlineData("<disk type='file'><source file='/a'/><target dev='vda'/><wwn>1</wwn></disk>", "<wwn>")]
    [InlineData("<disk type='file'><source file='/a'/><target dev='vda'/><alias name='ua-x'/></disk>", "<alias")]
    [InlineData("<disk type='file'><driver name='qemu' type='vmdk'/><source file='/a'/><target dev='vda'/></disk>", "disk driver type 'vmdk'")]
    [InlineData("<graphics type='vnc' passwd='x'/>", "'passwd'")]
    [InlineData("<graphics type='vnc'><listen type='socket'/></graphics>", "listen type 'socket'")]
    [InlineData("<interface type='user'><portForward proto='tcp' dev='eth0'><range start='1'/></portForward></interface>", "'dev'")]
    [InlineData("<interface type='user'><portForward proto='tcp'><range start='1' exclude='yes'/></portForward></interface>", "'exclude'")]
    public void ADeviceOutsideTheSubsetIsRejectedByName(string device, params string[] fragments) =>
        RejectsNaming(DomainXmlSamples.WithDevice(device), fragments);

    [Theory]
    [InlineData("<memoryBacking><hugepages/></memoryBacking>", "<memoryBacking>")]
    [InlineData("<launchSecurity type='sev'/>", "<launchSecurity type='sev'>")]
    [InlineData("<sysinfo type='smbios'/>", "<sysinfo")]
    [InlineData("<pm><suspend-to-mem enabled='no'/></pm>", "<pm>")]
    [InlineData("<features><vmport state='off'/></features>", "<vmport>", "<features>")]
    [InlineData("<features><hyperv mode='custom'/></features>", "<hyperv")]
    [InlineData("<clock offset='utc'><timer name='rtc' tickpolicy='catchup'/></clock>", "<timer")]
    [InlineData("<clock offset='variable' adjustment='10'/>", "'adjustment'")]
    [InlineData("<cpu mode='maximum'/>", "cpu mode 'maximum'")]
    [InlineData("<cpu><topology sockets='1' cores='2' threads='1'/></cpu>", "<topology>")]
    [InlineData("<on_poweroff>restart</on_poweroff>", "on_poweroff", "'restart'")]
    [InlineData("<on_reboot>preserve</on_reboot>", "on_reboot", "'preserve'")]
    [InlineData("<on_crash>coredump-restart</on_crash>", "on_crash", "'coredump-restart'")]
    [InlineData("<maxMemory slots='16' unit='KiB'>1524288</maxMemory>", "<maxMemory")]
    [InlineData("<iothreads>1</iothreads>", "<iothreads>")]
    public void ATopLevelElementOutsideTheSubsetIsRejectedByName(string element, params string[] fragments) =>
        RejectsNaming(DomainXmlSamples.WithTopLevel(element), fragments);

    [Fact]
    public void AVcpuCpusetIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("</name>", "</name><vcpu cpuset='0-1'>2</vcpu>", StringComparison.Ordinal), "'cpuset'", "<vcpu>");

    [Fact]
    public void AnUnknownBusIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<disk type='file'><source file='/a'/><target dev='vda' bus='nvme'/></disk>"), "'nvme'");

    [Fact]
    public void AnUnknownMachineIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("machine='pc'", "machine='virt'", StringComparison.Ordinal), "machine type 'virt'");

    [Fact]
    public void AnotherArchitectureIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("x86_64", "aarch64", StringComparison.Ordinal), "'aarch64'");

    [Fact]
    public void AnotherDomainTypeIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("type='qemu'", "type='xen'", StringComparison.Ordinal), "domain type 'xen'");

    [Fact]
    public void AnIdeDiskOnQ35IsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<disk type='file'><source file='/a'/><target dev='hda' bus='ide'/></disk>", "q35"), "IDE", "q35");

    [Fact]
    public void AVirtioCdromIsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<disk type='file' device='cdrom'><target dev='vdb' bus='virtio'/></disk>"), "virtio", "cdrom");

    [Fact]
    public void ADiskWithoutSourceIsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>"), "source");

    [Fact]
    public void DuplicateDiskTargetsAreRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice(
            "<disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk>"), "'vda'");

    [Fact]
    public void AMulticastMacIsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<interface type='user'><mac address='01:00:5e:00:00:01'/></interface>"), "multicast");

    [Fact]
    public void AMalformedMacIsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<interface type='user'><mac address='52:54:00:zz:00:01'/></interface>"), "52:54:00:zz:00:01");

    [Fact]
    public void APortOutOfRangeIsRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<interface type='user'><portForward proto='tcp'><range start='70000'/></portForward></interface>"), "'70000'", "'start'");

    [Fact]
    public void AMalformedUuidIsRejected() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("</name>", "</name><uuid>not-a-uuid</uuid>", StringComparison.Ordinal), "'not-a-uuid'");

    [Fact]
    public void ATitleWithANewlineIsRejected() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("</name>", "</name><title>a\nb</title>", StringComparison.Ordinal), "title");

    [Fact]
    public void AnUnknownAttributeOnTheRootIsRejectedByName() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("type='qemu'", "type='qemu' foo='bar'", StringComparison.Ordinal), "'foo'", "<domain>");

    [Fact]
    public void ANamespacedQemuCommandLineIsRejected() =>
        RejectsNaming(DomainXmlSamples.Minimal
            .Replace("type='qemu'", "type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", StringComparison.Ordinal)
            .Replace("</os>", "</os><qemu:commandline><qemu:arg value='-s'/></qemu:commandline>", StringComparison.Ordinal), "<qemu:commandline>");

    [Fact]
    public void SeclabelAndResourceAreAcceptedAndNotKept()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithTopLevel(
            "<resource><partition>/machine</partition></resource><seclabel type='dynamic' model='dac' relabel='yes'/>"));

        string xml = DomainXml.Format(definition);

        Assert.DoesNotContain("seclabel", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("resource", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroVcpusAreRejected() =>
        RejectsNaming(DomainXmlSamples.Minimal.Replace("</name>", "</name><vcpu>0</vcpu>", StringComparison.Ordinal), "<vcpu>");

    [Fact]
    public void AVncPortWithoutAutoportIsRequired() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<graphics type='vnc' autoport='no'/>"), "port");

    [Fact]
    public void MismatchedListenAddressesAreRejected() =>
        RejectsNaming(DomainXmlSamples.WithDevice("<graphics type='vnc' listen='127.0.0.1'><listen type='address' address='0.0.0.0'/></graphics>"), "0.0.0.0");
}
