using Strata.Domains;
using Strata.Images;
using Strata.Pools;

namespace Strata.Tests.Pools;

/// <summary>libvirt's pool and volume XML, virsh's sizes, and volume disks in domain XML: read strictly, written back the same.</summary>
public sealed class StorageXmlTests
{
    [Fact]
    public void APoolDefinitionRoundTripsThroughItsXml()
    {
        var pool = PoolXml.Parse("""
            <pool type='dir'>
              <name>vms</name>
              <uuid>1c5d35b6-7e4e-4b3a-9d3e-2a6f0c9e8d11</uuid>
              <capacity unit='bytes'>5</capacity>
              <source/>
              <target><path>/srv/./vms/</path><permissions><mode>0750</mode></permissions></target>
            </pool>
            """);
        Assert.Equal("/srv/vms", pool.TargetPath);
        Assert.Equal(0x1E8, pool.Permissions?.Mode);
        string xml = PoolXml.Format(pool);
        Assert.Equal(pool, PoolXml.Parse(xml));
        Assert.Equal("""
            <pool type='dir'>
              <name>vms</name>
              <uuid>1c5d35b6-7e4e-4b3a-9d3e-2a6f0c9e8d11</uuid>
              <capacity unit='bytes'>0</capacity>
              <allocation unit='bytes'>0</allocation>
              <available unit='bytes'>0</available>
              <source>
              </source>
              <target>
                <path>/srv/vms</path>
                <permissions>
                  <mode>0750</mode>
                </permissions>
              </target>
            </pool>

            """, xml);
    }

    [Theory]
    [InlineData("<pool type='logical'><name>p</name><target><path>/x</path></target></pool>", "storage pool type 'logical' is not supported")]
    [InlineData("<pool><name>p</name><target><path>/x</path></target></pool>", "storage pool type is missing")]
    [InlineData("<pool type='dir'><target><path>/x</path></target></pool>", "missing pool name element")]
    [InlineData("<pool type='dir'><name>p</name></pool>", "missing storage pool target path")]
    [InlineData("<pool type='dir'><name>p</name><target><path>/x</path></target><source><dir path='/y'/></source></pool>", "element <dir> in <source> is not supported")]
    [InlineData("<pool type='dir'><name>p</name><target><path>/x</path><permissions><label>s</label></permissions></target></pool>", "element <label> in <permissions> is not supported")]
    [InlineData("<pool type='dir'><name>p</name><target><path>/x</path><permissions><mode>0999</mode></permissions></target></pool>", "malformed octal mode '0999'")]
    [InlineData("<pool type='dir'><name>p</name><uuid>nope</uuid><target><path>/x</path></target></pool>", "malformed uuid element 'nope'")]
    [InlineData("<pool type='dir'><name>p</name><target><path>/x</path><permissions><owner>4242</owner></permissions></target></pool>", "pool directory owner and group other than this process's")]
    [InlineData("<!DOCTYPE pool [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><pool type='dir'><name>&e;</name></pool>", "malformed storage pool definition")]
    public void APoolDefinitionThatCannotBeHonouredIsRefused(string xml, string reason)
    {
        var error = Assert.ThrowsAny<StrataException>(() => PoolXml.Parse(xml));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVolumeDefinitionReadsScaledSizesFormatAndBackingStore()
    {
        var volume = VolumeXml.Parse("""
            <volume type='file'>
              <name>top.qcow2</name>
              <capacity unit='G'>10</capacity>
              <allocation unit='KB'>3</allocation>
              <target><format type='qcow2'/><permissions><mode>0640</mode></permissions></target>
              <backingStore><path>/srv/base.img</path><format type='raw'/></backingStore>
            </volume>
            """);
        Assert.Equal(new VolumeDefinition
        {
            Name = "top.qcow2", Capacity = 10UL << 30, Allocation = 3000, Format = ImageFormat.Qcow2,
            BackingPath = "/srv/base.img", BackingFormat = ImageFormat.Raw, Mode = 0x1A0,
        }, volume);
        Assert.Equal(ImageFormat.Raw, VolumeXml.Parse("<volume><name>v</name><capacity>1</capacity></volume>").Format);
    }

    [Theory]
    [InlineData("<volume><name>a/b</name><capacity>1</capacity></volume>", "volume name 'a/b' cannot contain '/'")]
    [InlineData("<volume><name>..</name><capacity>1</capacity></volume>", "volume name '..' is not allowed")]
    [InlineData("<volume><name></name><capacity>1</capacity></volume>", "volume name must not be empty")]
    [InlineData("<volume><name>v</name></volume>", "missing capacity element")]
    [InlineData("<volume><name>v</name><capacity unit='Q'>1</capacity></volume>", "unknown unit 'Q'")]
    [InlineData("<volume><name>v</name><capacity>1</capacity><target><format type='vmdk'/></target></volume>", "volume format 'vmdk' is not supported")]
    [InlineData("<volume><name>v</name><capacity>1</capacity><backingStore><path>/b</path></backingStore></volume>", "a raw volume cannot have a backing store")]
    [InlineData("<volume><name>v</name><capacity>1</capacity><target><format type='qcow2'/></target><backingStore><path>b</path></backingStore></volume>", "backing store path 'b' must be absolute")]
    [InlineData("<volume type='block'><name>v</name><capacity>1</capacity></volume>", "volume type 'block' is not supported")]
    public void AVolumeDefinitionThatCannotBeHonouredIsRefused(string xml, string reason)
    {
        var error = Assert.ThrowsAny<StrataException>(() => VolumeXml.Parse(xml));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("512", 512UL)]
    [InlineData("16M", 16UL << 20)]
    [InlineData("16MiB", 16UL << 20)]
    [InlineData("2MB", 2_000_000UL)]
    [InlineData("1G", 1UL << 30)]
    [InlineData("3k", 3072UL)]
    [InlineData("7b", 7UL)]
    [InlineData("1E", 1UL << 60)]
    public void VirshSizesAreScaledIntegers(string text, ulong bytes) => Assert.Equal(bytes, StorageSize.Parse(text));

    [Theory]
    [InlineData("1Q", "unknown suffix 'Q'")]
    [InlineData("M", "malformed size 'M'")]
    [InlineData("-1", "malformed size '-1'")]
    [InlineData("16E", "is too large")]
    public void AMalformedSizeIsRefused(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<StrataException>(() => StorageSize.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void ADomainDiskNamingAVolumeRoundTrips()
    {
        const string xml = """
            <domain type='qemu'>
              <name>vg</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='volume' device='disk'>
                  <source pool='guests' volume='overlay.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
              </devices>
            </domain>
            """;
        var disk = Assert.Single(DomainXml.Parse(xml).Devices.Disks);
        Assert.Equal((DiskType.Volume, "guests", "overlay.qcow2", (string?)null, (DiskFormat?)null), (disk.Type, disk.SourcePool, disk.SourceVolume, disk.SourcePath, disk.Format));
        string formatted = DomainXml.Format(DomainXml.Parse(xml));
        Assert.Contains("<disk type='volume' device='disk'>\n      <source pool='guests' volume='overlay.qcow2'/>\n      <target dev='vda' bus='virtio'/>", formatted, StringComparison.Ordinal);
        Assert.Equal(formatted, DomainXml.Format(DomainXml.Parse(formatted)));
    }

    [Theory]
    [InlineData("<source pool='guests'/>", "missing attribute 'volume'")]
    [InlineData("<source volume='v'/>", "missing attribute 'pool'")]
    [InlineData("<source pool='guests' volume='v' mode='host'/>", "attribute 'mode' of <source> in <disk> is not supported")]
    [InlineData("", "a <source pool='…' volume='…'/> is required")]
    public void AVolumeDiskWithoutBothPoolAndVolumeIsRefused(string source, string reason)
    {
        string xml = $"<domain type='qemu'><name>vg</name><memory>65536</memory><os><type>hvm</type></os><devices><disk type='volume' device='disk'>{source}<target dev='vda'/></disk></devices></domain>";
        Assert.Contains(reason, Assert.ThrowsAny<StrataException>(() => DomainXml.Parse(xml)).Message, StringComparison.Ordinal);
    }
}
