using Strata.Domains;

namespace Strata.Tests.Domains;

/// <summary>The names of character devices, as libvirt's QEMU driver gives them (seen on a real libvirtd 9.0).</summary>
public class ChardevAliasTests
{
    // Two pty serial ports (the second with a user alias), a virtio console and a file serial port.
    private static readonly DomainDevices Devices = DomainXml.Parse(DomainXmlSamples.WithDevice("""
        <serial type='pty'/>
        <serial type='pty'><alias name='ua-second'/></serial>
        <console type='pty'><target type='virtio'/></console>
        <serial type='file'><source path='/var/log/guest.log'/></serial>
        """)).Devices;

    [Theory]
    [InlineData(null, "serial0", 0)]       // no name: the first console, which is serial port 0 seen again
    [InlineData("serial0", "serial0", 0)]
    [InlineData("console0", "serial0", 0)] // the serial console's own name inside libvirt
    [InlineData("ua-second", "ua-second", 1)]
    [InlineData("serial2", "serial2", 2)]
    public void ANameFindsTheSerialPortLibvirtWouldOpen(string? name, string found, int port)
    {
        var device = ChardevAliases.Find(Devices, name);

        Assert.NotNull(device);
        Assert.Equal((found, port), (device.Name, device.Chardev.TargetPort));
        Assert.NotEqual("virtio", device.Chardev.TargetType);
    }

    [Fact]
    public void AVirtioConsoleIsNamedByItsPlaceAmongTheConsoles()
    {
        var device = ChardevAliases.Find(Devices, "console1");

        Assert.Equal(("console1", "virtio"), (device?.Name, device?.Chardev.TargetType));
    }

    [Theory]
    [InlineData("serial1")]  // replaced by its user alias
    [InlineData("nope")]
    [InlineData("console2")]
    public void ANameNoDeviceHasFindsNothing(string name) => Assert.Null(ChardevAliases.Find(Devices, name));

    [Fact]
    public void LiveXmlNamesEveryDeviceAndTheDefinitionKeepsOnlyUserAliases()
    {
        var definition = DomainXml.Parse(DomainXmlSamples.WithDevice("<serial type='pty'><alias name='ua-main'/></serial><serial type='pty'/>"));

        string live = DomainXml.Format(definition.WithSerialSourcePath(0, "/dev/pts/4").WithSerialSourcePath(1, "/dev/pts/5"), liveId: 2);
        string inactive = DomainXml.Format(definition);

        Assert.Contains("<source path='/dev/pts/5'/>\n      <target port='1'/>\n      <alias name='serial1'/>", live, StringComparison.Ordinal);
        Assert.Contains("<console type='pty' tty='/dev/pts/4'>\n      <source path='/dev/pts/4'/>\n      <target type='serial' port='0'/>\n      <alias name='ua-main'/>", live, StringComparison.Ordinal);
        Assert.DoesNotContain("serial1", inactive, StringComparison.Ordinal);
        Assert.Contains("<alias name='ua-main'/>", inactive, StringComparison.Ordinal);
        // The live XML, read back (as from a status file), keeps the user alias and drops libvirt's own names.
        Assert.Equal(inactive, DomainXml.Format(DomainXml.Parse(live)));
    }

    [Theory]
    [InlineData("serial5")]  // not a user alias: libvirt drops it from a definition
    [InlineData("ua-b@d")]   // a character libvirt does not keep
    public void AnAliasLibvirtWouldNotKeepIsDropped(string alias)
    {
        var definition = DomainXml.Parse(DomainXmlSamples.WithDevice($"<serial type='pty'><alias name='{alias}'/></serial>"));

        Assert.Null(definition.Devices.Serials[0].Alias);
        Assert.Equal("serial0", ChardevAliases.Find(definition.Devices, "serial0")?.Name);
    }
}
