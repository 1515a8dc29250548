namespace Strata.Images;

/// <summary>What the header and snapshot table say about the image.</summary>
internal sealed partial class Qcow2Image
{
    public override ImageInfo GetInfo()
    {
        var snapshots = _header.SnapshotCount == 0
            ? []
            : Qcow2Snapshots.Read(Path, _handle, _header, _fileLength).Entries;
        return new ImageInfo
        {
            Path = Path,
            Format = ImageFormat.Qcow2,
            VirtualSize = _header.Size,
            ActualSize = ImageIo.AllocatedBytes(Path),
            ClusterSize = _clusterSize,
            Version = _header.Version,
            RefcountBits = RefcountBits,
            BackingFile = _header.BackingFile,
            BackingFormat = _header.BackingFormat switch
            {
                "raw" => ImageFormat.Raw,
                "qcow2" => ImageFormat.Qcow2,
                _ => null,
            },
            FullBackingPath = _header.BackingFile is null ? null : ImageChain.ResolveBacking(Path, _header.BackingFile),
            Dirty = (_header.IncompatibleFeatures & Qcow2Header.IncompatDirty) != 0,
            Corrupt = (_header.IncompatibleFeatures & Qcow2Header.IncompatCorrupt) != 0,
            LazyRefcounts = (_header.CompatibleFeatures & Qcow2Header.CompatLazyRefcounts) != 0,
            Snapshots = snapshots,
        };
    }
}
