using Strata.Domains;

namespace Strata.Tests.Domains;

public class DomainXmlRoundTripTests
{
    [Theory]
    [InlineData(DomainXmlSamples.Minimal)]
    [InlineData(DomainXmlSamples.Full)]
    public void FormatThenParseThenFormatIsIdentical(string xml)
    {
        string first = DomainXml.Format(DomainXml.Parse(xml));
        string second = DomainXml.Format(DomainXml.Parse(first));

        Assert.Equal(first, second);
    }

    [Fact]
    public void AGeneratedUuidSurvivesTheRoundTrip()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.Minimal);

        DomainDefinition again = DomainXml.Parse(DomainXml.Format(definition));

        Assert.NotEqual(Guid.Empty, definition.Uuid);
        Assert.Equal(definition.Uuid, again.Uuid);
    }

    [Fact]
    public void EachParseOfAnXmlWithoutUuidGetsANewOne() =>
        Assert.NotEqual(DomainXml.Parse(DomainXmlSamples.Minimal).Uuid, DomainXml.Parse(DomainXmlSamples.Minimal).Uuid);

    [Fact]
    public void AGeneratedMacIsInQemusRangeAndSurvivesTheRoundTrip()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<interface type='user'/>"));

        string mac = Assert.Single(definition.Devices.Interfaces).Mac;
        DomainDefinition again = DomainXml.Parse(DomainXml.Format(definition));

        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", mac);
        Assert.Equal(mac, Assert.Single(again.Devices.Interfaces).Mac);
    }

    [Fact]
    public void AGivenMacIsKeptInLowerCase() =>
        Assert.Equal("52:54:00:aa:bb:01", DomainXml.Parse(DomainXmlSamples.Full).Devices.Interfaces[0].Mac);

    [Fact]
    public void OutputUsesLibvirtsShape()
    {
        string xml = DomainXml.Format(DomainXml.Parse(DomainXmlSamples.Minimal));

        Assert.StartsWith("<domain type='qemu'>\n  <name>demo</name>\n  <uuid>", xml, StringComparison.Ordinal);
        Assert.EndsWith("</domain>\n", xml, StringComparison.Ordinal);
        Assert.Contains("  <vcpu placement='static'>1</vcpu>\n", xml, StringComparison.Ordinal);
        Assert.Contains("    <boot dev='hd'/>\n", xml, StringComparison.Ordinal);
        Assert.Contains("  <on_reboot>restart</on_reboot>\n", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFullSampleIsReadIntoTheModel()
    {
        DomainDefinition d = DomainXml.Parse(DomainXmlSamples.Full);

        Assert.Equal(DomainVirtType.Kvm, d.Type);
        Assert.Equal("A full guest", d.Title);
        Assert.Equal("Everything & more", d.Description);
        Assert.Equal(1048576UL, d.MemoryKiB);
        Assert.Equal(524288UL, d.CurrentMemoryKiB);
        Assert.Equal(2, d.Vcpus);
        Assert.Equal([BootDevice.Cdrom, BootDevice.HardDisk], d.Os.BootDevices);
        Assert.True(d.Features.Acpi && d.Features.Apic && d.Features.Pae);
        Assert.Equal("Skylake-Client", d.Cpu!.Model);
        Assert.Equal(ClockOffset.LocalTime, d.Clock);
        Assert.Equal(LifecycleAction.Destroy, d.OnReboot);
        Assert.Equal(4, d.Devices.Disks.Count);
        DiskDefinition cdrom = d.Devices.Disks.Single(disk => disk.TargetDev == "sdc");
        Assert.True(cdrom.ReadOnly);
        Assert.Equal(DeviceAddress.ForDrive(0, 0, 0, 2), cdrom.Address);
        var forward = Assert.Single(Assert.Single(d.Devices.Interfaces).PortForwards);
        Assert.Equal(new PortForwardRange(2222, null, 22), Assert.Single(forward.Ranges));
        Assert.Equal(3, d.Devices.Serials.Count);
        Assert.Equal([0, 1, 2], d.Devices.Serials.Select(s => s.TargetPort));
        Assert.Equal("/dev/random", Assert.Single(d.Devices.Rngs).BackendPath);
        Assert.True(Assert.Single(d.Devices.Videos).Primary);
    }

    [Fact]
    public void DisksAreGroupedByBusAndOrderedByTargetAsLibvirtDoes()
    {
        DomainDefinition d = DomainXml.Parse(DomainXmlSamples.Full);

        Assert.Equal(["vda", "sda", "sdc", "sdb"], d.Devices.Disks.Select(disk => disk.TargetDev));
    }

    [Fact]
    public void MetadataIsKeptWithItsNamespace()
    {
        string xml = DomainXml.Format(DomainXml.Parse(DomainXmlSamples.Full));

        Assert.Contains("<app:info xmlns:app=\"http://example.org/app\">", xml, StringComparison.Ordinal);
        Assert.Contains("<app:owner>alice</app:owner>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void TextIsEscapedAsLibvirtDoes()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.Minimal) with { Description = "a <b> & 'c' \"d\"" };

        string xml = DomainXml.Format(definition);

        Assert.Contains("<description>a &lt;b&gt; &amp; &apos;c&apos; &quot;d&quot;</description>", xml, StringComparison.Ordinal);
        Assert.Equal(definition.Description, DomainXml.Parse(xml).Description);
    }

    [Fact]
    public void ASerialPortGainsTheConsoleLibvirtAdds()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'/>"));

        ChardevDefinition console = Assert.Single(definition.Devices.Consoles);
        Assert.Equal("serial", console.TargetType);
        Assert.Equal(0, console.TargetPort);
    }

    [Fact]
    public void ASerialConsoleAloneGainsItsSerialPort()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<console type='pty'><target type='serial' port='0'/></console>"));

        Assert.Single(definition.Devices.Serials);
        Assert.Single(definition.Devices.Consoles);
    }

    [Fact]
    public void AVirtioConsoleGainsAVirtioSerialController()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<console type='pty'><target type='virtio'/></console>"));

        Assert.Contains(definition.Devices.Controllers, c => c.Type == ControllerType.VirtioSerial);
        Assert.Empty(definition.Devices.Serials);
    }

    [Fact]
    public void AnAbsentMemballoonBecomesVirtioAsInLibvirtsQemuDriver() =>
        Assert.True(DomainXml.Parse(DomainXmlSamples.Minimal).Devices.Memballoon!.Virtio);

    [Fact]
    public void ADiskOnAScsiBusGainsItsController()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice(
            "<disk type='file' device='disk'><source file='/a.img'/><target dev='sda' bus='scsi'/></disk>"));

        Assert.Contains(definition.Devices.Controllers, c => c.Type == ControllerType.Scsi && c.Index == 0);
    }

    [Fact]
    public void TheBusIsInferredFromTheTargetNameAsInLibvirt()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice(
            "<disk type='file'><source file='/a.img'/><target dev='hdb'/></disk>"));

        DiskDefinition disk = Assert.Single(definition.Devices.Disks);
        Assert.Equal(DiskBus.Ide, disk.Bus);
        Assert.Equal(DeviceAddress.ForDrive(0, 0, 0, 1), disk.Address);
    }

    [Fact]
    public void LiveXmlCarriesIdPtyPathsAndTheVncPort()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'/><graphics type='vnc'/>"));
        DomainDefinition live = definition with
        {
            Devices = definition.Devices with
            {
                Serials = [definition.Devices.Serials[0] with { SourcePath = "/dev/pts/7" }],
                Graphics = [definition.Devices.Graphics[0] with { Port = 5901 }],
            },
        };

        string xml = DomainXml.Format(live, liveId: 3);
        string inactive = DomainXml.Format(live);

        Assert.StartsWith("<domain type='qemu' id='3'>", xml, StringComparison.Ordinal);
        Assert.Contains("<serial type='pty'>\n      <source path='/dev/pts/7'/>", xml, StringComparison.Ordinal);
        Assert.Contains("<console type='pty' tty='/dev/pts/7'>\n      <source path='/dev/pts/7'/>", xml, StringComparison.Ordinal);
        Assert.Contains("<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>\n      <listen type='address' address='127.0.0.1'/>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("/dev/pts/7", inactive, StringComparison.Ordinal);
        Assert.Contains("<graphics type='vnc' port='-1' autoport='yes'>\n      <listen type='address'/>", inactive, StringComparison.Ordinal);
    }

    [Fact]
    public void LiveXmlParsesBackWithItsPtyPath()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'/>"));
        DomainDefinition live = definition with
        {
            Devices = definition.Devices with { Serials = [definition.Devices.Serials[0] with { SourcePath = "/dev/pts/7" }] },
        };

        DomainDefinition again = DomainXml.Parse(DomainXml.Format(live, liveId: 1));

        Assert.Equal("/dev/pts/7", again.Devices.Serials[0].SourcePath);
        Assert.Equal(DomainXml.Format(live, 1), DomainXml.Format(again, 1));
    }

    [Fact]
    public void LiveXmlParsesBackWithItsVncPort()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<graphics type='vnc'/>"));
        DomainDefinition live = definition with
        {
            Devices = definition.Devices with { Graphics = [definition.Devices.Graphics[0] with { Port = 5904 }] },
        };

        DomainDefinition again = DomainXml.Parse(DomainXml.Format(live, liveId: 2));

        Assert.Equal(5904, again.Devices.Graphics[0].Port);
        Assert.True(again.Devices.Graphics[0].AutoPort);
    }

    [Fact]
    public void LiveHelpersSetPtyPathAndVncPortWithoutTouchingTheOriginal()
    {
        DomainDefinition definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'/><graphics type='vnc'/>"));

        DomainDefinition live = definition.WithSerialSourcePath(0, "/dev/pts/9").WithGraphicsPort(0, 5902);
        string xml = DomainXml.Format(live, liveId: 4);

        Assert.Null(definition.Devices.Serials[0].SourcePath);
        Assert.Equal(-1, definition.Devices.Graphics[0].Port);
        Assert.Contains("<console type='pty' tty='/dev/pts/9'>", xml, StringComparison.Ordinal);
        Assert.Contains("port='5902'", xml, StringComparison.Ordinal);
    }
}
