using Strata.Protocol;

namespace Strata.Tests.Protocol;

/// <summary>The storage structs of remote_protocol.x: each decodes to what was encoded, in libvirt's byte layout.</summary>
public class StorageStructSpecs
{
    private static readonly RemoteStoragePool Images = new("images", Guid.Parse("11111111-2222-3333-4444-555555555555"));
    private static readonly RemoteStorageVol Disk = new("images", "disk.qcow2", "/srv/images/disk.qcow2");

    private static T RoundTrip<T>(T value) where T : IXdrType<T>
    {
        byte[] frame = Frame.Build(RemoteProgram.Call(RemoteProcedure.StorageVolCreateXml, 1), value);
        return Frame.Parse(frame).Decode<T>();
    }

    [Fact]
    public void EveryStorageStructRoundTrips()
    {
        Assert.Equal(Images, RoundTrip(Images));
        Assert.Equal(Disk, RoundTrip(Disk));
        Assert.Equal(new StoragePoolValue(Images), RoundTrip(new StoragePoolValue(Images)));
        Assert.Equal(new StoragePoolFlagsArgs(Images, 1), RoundTrip(new StoragePoolFlagsArgs(Images, 1)));
        Assert.Equal(new StoragePoolSetAutostartArgs(Images, true), RoundTrip(new StoragePoolSetAutostartArgs(Images, true)));
        Assert.Equal(new StoragePoolGetInfoRet(StoragePoolGetInfoRet.Running, 3, 2, 1), RoundTrip(new StoragePoolGetInfoRet(StoragePoolGetInfoRet.Running, 3, 2, 1)));
        Assert.Equal(new StoragePoolListVolumesArgs(Images, 10), RoundTrip(new StoragePoolListVolumesArgs(Images, 10)));
        Assert.Equal(new StoragePoolListAllVolumesArgs(Images, true, 0), RoundTrip(new StoragePoolListAllVolumesArgs(Images, true, 0)));
        Assert.Equal(new ConnectListAllStoragePoolsArgs(false, 3), RoundTrip(new ConnectListAllStoragePoolsArgs(false, 3)));
        Assert.Equal(new StorageVolValue(Disk), RoundTrip(new StorageVolValue(Disk)));
        Assert.Equal(new StorageVolFlagsArgs(Disk, 1), RoundTrip(new StorageVolFlagsArgs(Disk, 1)));
        Assert.Equal(new StorageVolLookupByNameArgs(Images, "disk.qcow2"), RoundTrip(new StorageVolLookupByNameArgs(Images, "disk.qcow2")));
        Assert.Equal(new StorageVolCreateXmlArgs(Images, "<volume/>", 0), RoundTrip(new StorageVolCreateXmlArgs(Images, "<volume/>", 0)));
        Assert.Equal(new StorageVolCreateXmlFromArgs(Images, "<volume/>", Disk, 0), RoundTrip(new StorageVolCreateXmlFromArgs(Images, "<volume/>", Disk, 0)));
        Assert.Equal(new StorageVolWipePatternArgs(Disk, 2, 0), RoundTrip(new StorageVolWipePatternArgs(Disk, 2, 0)));
        Assert.Equal(new StorageVolGetInfoRet(StorageVolGetInfoRet.File, 1 << 30, 4096), RoundTrip(new StorageVolGetInfoRet(StorageVolGetInfoRet.File, 1 << 30, 4096)));
        Assert.Equal(new StorageVolResizeArgs(Disk, 1 << 20, StorageVolResizeArgs.Delta), RoundTrip(new StorageVolResizeArgs(Disk, 1 << 20, StorageVolResizeArgs.Delta)));
        Assert.Equal(new StorageVolTransferArgs(Disk, 512, 0, 0), RoundTrip(new StorageVolTransferArgs(Disk, 512, 0, 0)));

        var pools = RoundTrip(new ConnectListAllStoragePoolsRet([Images, Images with { Name = "other" }], 2));
        Assert.Equal([Images, Images with { Name = "other" }], pools.Pools);
        var volumes = RoundTrip(new StoragePoolListAllVolumesRet([Disk], 1));
        Assert.Equal([Disk], volumes.Vols);
        Assert.Equal(1u, volumes.Count);
    }

    [Fact]
    public void APoolIsNameThenUuidAndAVolumeIsPoolNameAndKey()
    {
        var writer = new XdrWriter();
        Images.Encode(writer);
        Assert.Equal("00000006" + "696d61676573" + "0000" + "11111111222233334444555555555555", Convert.ToHexString(writer.WrittenSpan).ToLowerInvariant());

        writer.Reset();
        new RemoteStorageVol("p", "v", "k").Encode(writer);
        Assert.Equal("00000001" + "70000000" + "00000001" + "76000000" + "00000001" + "6b000000", Convert.ToHexString(writer.WrittenSpan).ToLowerInvariant());
    }

    [Fact]
    public void AVolumeListOverItsLimitIsRefused()
    {
        var tooMany = Enumerable.Repeat(Disk, RemoteLimits.StorageVolListMax + 1).ToArray();
        Assert.Throws<ProtocolException>(() => Frame.Build(RemoteProgram.Call(RemoteProcedure.StoragePoolListAllVolumes, 1),
            new StoragePoolListAllVolumesRet(tooMany, (uint)tooMany.Length)));
    }
}
