using System.Text;
using Strata.Domains;
using Strata.Environments.Boxes;
using Strata.Environments.Guests;
using Strata.Images;

namespace Strata.Tests.Environments;

/// <summary>The domain XML GuestBuilder writes, read back by Strata's own parser; and the spec values it refuses to put on a command line.</summary>
public sealed class GuestBuilderSpecs
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq2z0g1w5y7r0lQ3lNwGk2m0QkYHq7m0bJmC3e0xYzA strata-env";

    private static readonly Box Tiny = new("tiny", "/boxes/tiny", "/boxes/tiny/gen-1/root.img", ImageFormat.Raw,
        new BoxBoot("/boxes/tiny/gen-1/vmlinux", "/boxes/tiny/gen-1/initrd.img", "console=ttyS0 quiet", CloudInit: false, "root"));

    private static readonly Box Cloud = new("cloud", "/boxes/cloud", "/boxes/cloud/box.img", ImageFormat.Qcow2,
        new BoxBoot(null, null, null, CloudInit: true, "vagrant"));

    private static GuestSpec Spec(string hostname = "web", string key = Key) =>
        new("proj_web", hostname, 2, 384, key, [new GuestPort(22, 2222, "tcp"), new GuestPort(80, 8080, "tcp"), new GuestPort(53, 5353, "udp")], "/proj/.strata/web");

    [Fact]
    public void ATinyMachineBootsItsKernelWithTheHostnameAndKeyOnTheCommandLine()
    {
        var disks = new GuestDisks("/proj/.strata/web/root.qcow2", null);
        var definition = DomainXml.Parse(GuestBuilder.DomainXml(Tiny, Spec(), disks));

        Assert.Equal("proj_web", definition.Name);
        Assert.Equal(2, definition.Vcpus);
        Assert.Equal(384UL * 1024, definition.MemoryKiB);
        Assert.Equal("/boxes/tiny/gen-1/vmlinux", definition.Os.Kernel);
        Assert.Equal("/boxes/tiny/gen-1/initrd.img", definition.Os.Initrd);
        string[] arguments = definition.Os.Cmdline!.Split(' ');
        Assert.Equal(["console=ttyS0", "quiet"], arguments[..2]);
        Assert.Contains("strata.hostname=web", arguments);
        string encoded = arguments.Single(a => a.StartsWith("strata.key=", StringComparison.Ordinal))["strata.key=".Length..];
        Assert.Equal(Key, Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));

        var disk = Assert.Single(definition.Devices.Disks);
        Assert.Equal("/proj/.strata/web/root.qcow2", disk.SourcePath);
        Assert.Equal(DiskFormat.Qcow2, disk.Format);
        Assert.Equal(DiskBus.Virtio, disk.Bus);
        var forwards = Assert.Single(definition.Devices.Interfaces).PortForwards;
        Assert.Equal([("tcp", 2222, 22), ("tcp", 8080, 80), ("udp", 5353, 53)],
            forwards.Select(f => (f.Protocol, f.Ranges.Single().Start, f.Ranges.Single().To ?? 0)));
        Assert.All(forwards, f => Assert.Equal("127.0.0.1", f.Address));
        Assert.Equal("/proj/.strata/web/console.log", Assert.Single(definition.Devices.Serials).SourcePath);
    }

    [Fact]
    public void ACloudMachineBootsFromItsDiskWithTheSeedAsACdromAndNoKeyOnACommandLine()
    {
        var disks = new GuestDisks("/proj/.strata/web/root.qcow2", "/proj/.strata/web/seed.iso");
        var definition = DomainXml.Parse(GuestBuilder.DomainXml(Cloud, Spec(), disks));

        Assert.Equal("pc", definition.Os.Machine);
        Assert.Null(definition.Os.Kernel);
        Assert.Null(definition.Os.Cmdline);
        Assert.Equal([BootDevice.HardDisk], definition.Os.BootDevices);
        var seed = definition.Devices.Disks.Single(d => d.Device == DiskDevice.Cdrom);
        Assert.Equal("/proj/.strata/web/seed.iso", seed.SourcePath);
        Assert.True(seed.ReadOnly);
    }

    [Theory]
    [InlineData("web db")]
    [InlineData("web;reboot")]
    [InlineData("-web")]
    [InlineData("web.")]
    [InlineData("")]
    [InlineData("we_b")]
    public void AHostnameThatIsNotOneIsRefused(string hostname)
    {
        var error = Assert.ThrowsAny<StrataException>(() => GuestBuilder.DomainXml(Tiny, Spec(hostname), new GuestDisks("/d", null)));
        Assert.Contains($"hostname '{hostname}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("ssh-ed25519 AAAA \"quoted\"")]
    [InlineData("ssh-ed25519 AAAA\nssh-rsa BBBB")]
    public void AKeyLineThatCouldBreakOutOfItsPlaceIsRefused(string key)
    {
        Assert.ThrowsAny<StrataException>(() => GuestBuilder.DomainXml(Cloud, Spec(key: key), new GuestDisks("/d", "/s")));
    }
}
