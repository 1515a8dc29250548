using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Strata.Images;

/// <summary>Creates empty version 3 images laid out as QEMU does: header, refcount table, refcount blocks, L1 table.</summary>
internal sealed partial class Qcow2Image
{
    private const int CreatedRefcountOrder = 4; // 16-bit refcounts, QEMU's default

    public static void CreateFile(string path, ImageCreateOptions options)
    {
        int clusterSize = options.ClusterSize;
        if (!BitOperations.IsPow2(clusterSize) || clusterSize < (1 << Qcow2Header.MinClusterBits) || clusterSize > (1 << Qcow2Header.MaxClusterBits))
            throw new ArgumentException($"Cluster size {clusterSize} must be a power of two from 512 to 2 MiB", nameof(options));
        int clusterBits = BitOperations.Log2((uint)clusterSize);
        int l2Bits = clusterBits - 3;
        long l1Size = (options.Size + (1L << (l2Bits + clusterBits)) - 1) >> (l2Bits + clusterBits);
        if (l1Size > Qcow2Header.MaxL1Entries)
            throw new ArgumentException($"Size {options.Size} is too large for {clusterSize}-byte clusters", nameof(options));
        if (options.BackingFile is not null && options.BackingFormat is null)
            throw new ArgumentException("A backing file needs its format, so that it is never probed", nameof(options));
        string? backingFormat = options.BackingFormat switch
        {
            ImageFormat.Raw => "raw",
            ImageFormat.Qcow2 => "qcow2",
            _ => null,
        };
        int backingNameLength = options.BackingFile is null ? 0 : Encoding.UTF8.GetByteCount(options.BackingFile);
        bool featureNames = Qcow2Header.ExtensionsLength(backingFormat, withFeatureNames: true) + backingNameLength <= clusterSize;
        if (backingNameLength > Qcow2Header.MaxBackingFileName || Qcow2Header.ExtensionsLength(backingFormat, withFeatureNames: false) + backingNameLength > clusterSize)
            throw new ArgumentException("Backing file name is too long for the header cluster", nameof(options));

        long l1Clusters = Math.Max(1, ((l1Size * 8) + clusterSize - 1) >> clusterBits);
        long entriesPerBlock = (long)clusterSize * 8 / (1 << CreatedRefcountOrder);
        long refTableClusters = 1, refBlocks = 1;
        while (true)
        {
            long total = 1 + refTableClusters + refBlocks + l1Clusters;
            long blocks = (total + entriesPerBlock - 1) / entriesPerBlock;
            long tableClusters = Math.Max(1, ((blocks * 8) + clusterSize - 1) >> clusterBits);
            if (blocks == refBlocks && tableClusters == refTableClusters)
                break;
            refBlocks = blocks;
            refTableClusters = tableClusters;
        }
        long refTableOffset = (long)clusterSize;
        long firstBlock = refTableOffset + (refTableClusters << clusterBits);
        long l1Offset = firstBlock + (refBlocks << clusterBits);
        long used = 1 + refTableClusters + refBlocks + l1Clusters;

        var header = new Qcow2Header
        {
            Version = 3,
            BackingFileOffset = 0,
            BackingFileSize = 0,
            ClusterBits = clusterBits,
            Size = options.Size,
            CryptMethod = 0,
            L1Size = (int)l1Size,
            L1TableOffset = l1Offset,
            RefcountTableOffset = refTableOffset,
            RefcountTableClusters = (int)refTableClusters,
            SnapshotCount = 0,
            SnapshotsOffset = 0,
            RefcountOrder = CreatedRefcountOrder,
            BackingFile = options.BackingFile,
            BackingFormat = backingFormat,
            WithFeatureNames = featureNames,
        };

        byte[] metadata = new byte[used << clusterBits];
        header.WriteV3(metadata);
        for (long b = 0; b < refBlocks; b++)
            BinaryPrimitives.WriteUInt64BigEndian(metadata.AsSpan((int)(refTableOffset + (b * 8))), (ulong)(firstBlock + (b << clusterBits)));
        for (long c = 0; c < used; c++)
            BinaryPrimitives.WriteUInt16BigEndian(metadata.AsSpan((int)(firstBlock + (c * 2))), 1);

        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(metadata);
        stream.Flush(flushToDisk: true);
    }
}
