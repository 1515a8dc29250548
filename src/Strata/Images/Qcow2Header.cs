using System.Buffers.Binary;
using System.Text;

namespace Strata.Images;

/// <summary>The fixed part of a qcow2 header plus the extensions Strata understands (QEMU's docs/interop/qcow2.txt).</summary>
internal sealed record Qcow2Header
{
    public const uint Magic = 0x514649FB; // "QFI\xfb"
    public const int V2Length = 72;
    public const int V3Length = 104;
    public const int V3LengthWithCompression = 112;
    public const int MinClusterBits = 9;
    public const int MaxClusterBits = 21;
    public const int MaxBackingFileName = 1023;
    public const int MaxRefcountOrder = 6;

    // QEMU refuses larger tables too: they would pin too much memory for a single image.
    public const long MaxL1Entries = 32L * 1024 * 1024 / 8;
    public const long MaxRefcountTableBytes = 8L * 1024 * 1024;
    public const int MaxSnapshots = 65536;

    public const ulong IncompatDirty = 1UL << 0;
    public const ulong IncompatCorrupt = 1UL << 1;
    public const ulong IncompatExternalData = 1UL << 2;
    public const ulong IncompatCompressionType = 1UL << 3;
    public const ulong IncompatExtendedL2 = 1UL << 4;
    public const ulong CompatLazyRefcounts = 1UL << 0;

    public const uint ExtEnd = 0;
    public const uint ExtBackingFormat = 0xE2792ACA;
    public const uint ExtFeatureNames = 0x6803F857;
    public const uint ExtBitmaps = 0x23852875;
    public const uint ExtEncryption = 0x0537BE77;
    public const uint ExtExternalData = 0x44415441;

    public required int Version { get; init; }
    public required long BackingFileOffset { get; init; }
    public required int BackingFileSize { get; init; }
    public required int ClusterBits { get; init; }
    public required long Size { get; init; }
    public required uint CryptMethod { get; init; }
    public required int L1Size { get; init; }
    public required long L1TableOffset { get; init; }
    public required long RefcountTableOffset { get; init; }
    public required int RefcountTableClusters { get; init; }
    public required int SnapshotCount { get; init; }
    public required long SnapshotsOffset { get; init; }
    public ulong IncompatibleFeatures { get; init; }
    public ulong CompatibleFeatures { get; init; }
    public ulong AutoclearFeatures { get; init; }
    public int RefcountOrder { get; init; } = 4;
    public int HeaderLength { get; init; } = V2Length;
    public byte CompressionType { get; init; }
    public string? BackingFile { get; init; }
    public string? BackingFormat { get; init; }

    /// <summary>Whether <see cref="WriteV3"/> includes the feature name table (it does not fit beside a long backing name in a 512-byte cluster).</summary>
    public bool WithFeatureNames { get; init; } = true;

    public int ClusterSize => 1 << ClusterBits;

    /// <summary>Parses and validates the header in the image's first cluster; every refusal names the field at fault.</summary>
    public static Qcow2Header Parse(string path, ReadOnlySpan<byte> start, long fileLength)
    {
        if (start.Length < V2Length)
            throw new InvalidImageException(path, "file too short for a qcow2 header");
        if (BinaryPrimitives.ReadUInt32BigEndian(start) != Magic)
            throw new InvalidImageException(path, "not a qcow2 image (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32BigEndian(start[4..]);
        if (version is not (2 or 3))
            throw new UnsupportedImageException(path, $"qcow2 version {version}");
        uint clusterBits = BinaryPrimitives.ReadUInt32BigEndian(start[20..]);
        if (clusterBits is < MinClusterBits or > MaxClusterBits)
            throw new InvalidImageException(path, $"cluster_bits {clusterBits} is outside {MinClusterBits}..{MaxClusterBits}");
        int clusterSize = 1 << (int)clusterBits;

        ulong incompatible = 0, compatible = 0, autoclear = 0;
        uint refcountOrder = 4, headerLength = V2Length;
        byte compressionType = 0;
        if (version == 3)
        {
            if (start.Length < V3Length)
                throw new InvalidImageException(path, "file too short for a version 3 header");
            incompatible = BinaryPrimitives.ReadUInt64BigEndian(start[72..]);
            compatible = BinaryPrimitives.ReadUInt64BigEndian(start[80..]);
            autoclear = BinaryPrimitives.ReadUInt64BigEndian(start[88..]);
            refcountOrder = BinaryPrimitives.ReadUInt32BigEndian(start[96..]);
            headerLength = BinaryPrimitives.ReadUInt32BigEndian(start[100..]);
            if (headerLength < V3Length || headerLength % 8 != 0 || headerLength > clusterSize || headerLength > start.Length)
                throw new InvalidImageException(path, $"header_length {headerLength} is not a multiple of 8 between {V3Length} and the cluster size");
            if (headerLength > V3Length)
                compressionType = start[V3Length];
        }

        const ulong known = IncompatDirty | IncompatCorrupt | IncompatExternalData | IncompatCompressionType | IncompatExtendedL2;
        if ((incompatible & ~known) != 0)
            throw new UnsupportedImageException(path, $"unknown incompatible feature bits 0x{incompatible & ~known:x}");
        if ((incompatible & IncompatExternalData) != 0)
            throw new UnsupportedImageException(path, "external data file");
        if ((incompatible & IncompatExtendedL2) != 0)
            throw new UnsupportedImageException(path, "extended L2 entries (subclusters)");
        if (compressionType != 0)
            throw new UnsupportedImageException(path, $"compression type {compressionType} (only zlib is supported)");
        if ((incompatible & IncompatCompressionType) != 0 && headerLength <= V3Length)
            throw new InvalidImageException(path, "compression type bit set without a compression_type field");
        if (refcountOrder > MaxRefcountOrder)
            throw new InvalidImageException(path, $"refcount_order {refcountOrder} is above {MaxRefcountOrder}");

        uint crypt = BinaryPrimitives.ReadUInt32BigEndian(start[32..]);
        if (crypt != 0)
            throw new UnsupportedImageException(path, $"encryption (crypt_method {crypt})");

        ulong size = BinaryPrimitives.ReadUInt64BigEndian(start[24..]);
        int l2Bits = (int)clusterBits - 3;
        // Bounded by the largest L1 table, so that the shift below cannot overflow.
        ulong maxSize = (ulong)MaxL1Entries << (l2Bits + (int)clusterBits);
        if (size > maxSize)
            throw new InvalidImageException(path, $"virtual size {size} is larger than the {maxSize} bytes a {clusterSize}-byte-cluster image can address");
        uint l1Size = BinaryPrimitives.ReadUInt32BigEndian(start[36..]);
        long l1Needed = (long)((size + ((1UL << (l2Bits + (int)clusterBits)) - 1)) >> (l2Bits + (int)clusterBits));
        if (l1Size > MaxL1Entries)
            throw new InvalidImageException(path, $"L1 table of {l1Size} entries is too large");
        if (l1Size < l1Needed)
            throw new InvalidImageException(path, $"L1 table of {l1Size} entries is too small for virtual size {size}");
        ulong l1Offset = BinaryPrimitives.ReadUInt64BigEndian(start[40..]);
        CheckTable(path, "L1 table", l1Offset, (ulong)l1Size * 8, clusterSize, fileLength);

        ulong refTableOffset = BinaryPrimitives.ReadUInt64BigEndian(start[48..]);
        uint refTableClusters = BinaryPrimitives.ReadUInt32BigEndian(start[56..]);
        if (refTableClusters == 0 || (ulong)refTableClusters * (ulong)clusterSize > MaxRefcountTableBytes)
            throw new InvalidImageException(path, $"refcount table of {refTableClusters} clusters is empty or too large");
        CheckTable(path, "refcount table", refTableOffset, (ulong)refTableClusters * (ulong)clusterSize, clusterSize, fileLength);

        uint snapshots = BinaryPrimitives.ReadUInt32BigEndian(start[60..]);
        ulong snapshotsOffset = BinaryPrimitives.ReadUInt64BigEndian(start[64..]);
        if (snapshots > MaxSnapshots)
            throw new InvalidImageException(path, $"{snapshots} snapshots is more than {MaxSnapshots}");
        if (snapshots > 0)
            CheckTable(path, "snapshot table", snapshotsOffset, 1, clusterSize, fileLength);

        ulong backingOffset = BinaryPrimitives.ReadUInt64BigEndian(start[8..]);
        uint backingSize = BinaryPrimitives.ReadUInt32BigEndian(start[16..]);
        string? backing = null;
        if (backingOffset != 0)
        {
            if (backingSize > MaxBackingFileName || backingOffset + backingSize > (ulong)Math.Min(clusterSize, start.Length))
                throw new InvalidImageException(path, "backing file name is too long or lies outside the first cluster");
            backing = Encoding.UTF8.GetString(start.Slice((int)backingOffset, (int)backingSize));
        }

        string? backingFormat = null;
        int pos = (int)headerLength;
        int limit = Math.Min(clusterSize, start.Length);
        while (true)
        {
            if (pos + 8 > limit)
                throw new InvalidImageException(path, "header extensions run past the first cluster");
            uint type = BinaryPrimitives.ReadUInt32BigEndian(start[pos..]);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(start[(pos + 4)..]);
            if (type == ExtEnd)
                break;
            if (length > (uint)(limit - pos - 8))
                throw new InvalidImageException(path, $"header extension 0x{type:x} runs past the first cluster");
            var data = start.Slice(pos + 8, (int)length);
            switch (type)
            {
                case ExtBackingFormat:
                    backingFormat = Encoding.UTF8.GetString(data);
                    break;
                case ExtEncryption:
                    throw new UnsupportedImageException(path, "encryption header");
                case ExtExternalData:
                    throw new UnsupportedImageException(path, "external data file");
                default:
                    break; // Feature names, bitmaps and unknown extensions change nothing Strata reads.
            }
            pos += 8 + (int)((length + 7) & ~7u);
        }

        return new Qcow2Header
        {
            Version = (int)version,
            BackingFileOffset = (long)backingOffset,
            BackingFileSize = (int)backingSize,
            ClusterBits = (int)clusterBits,
            Size = (long)size,
            CryptMethod = crypt,
            L1Size = (int)l1Size,
            L1TableOffset = (long)l1Offset,
            RefcountTableOffset = (long)refTableOffset,
            RefcountTableClusters = (int)refTableClusters,
            SnapshotCount = (int)snapshots,
            SnapshotsOffset = (long)snapshotsOffset,
            IncompatibleFeatures = incompatible,
            CompatibleFeatures = compatible,
            AutoclearFeatures = autoclear,
            RefcountOrder = (int)refcountOrder,
            HeaderLength = (int)headerLength,
            CompressionType = compressionType,
            BackingFile = backing,
            BackingFormat = backingFormat,
        };
    }

    private static void CheckTable(string path, string what, ulong offset, ulong length, int clusterSize, long fileLength)
    {
        if (offset == 0 || offset % (ulong)clusterSize != 0)
            throw new InvalidImageException(path, $"{what} offset 0x{offset:x} is not a non-zero multiple of the cluster size");
        if (offset > (ulong)fileLength || length > (ulong)fileLength - offset)
            throw new InvalidImageException(path, $"{what} at 0x{offset:x} runs past the end of the file ({fileLength} bytes)");
    }

    /// <summary>Writes a version 3 header with its extensions into the start of <paramref name="cluster"/>.</summary>
    public void WriteV3(Span<byte> cluster)
    {
        BinaryPrimitives.WriteUInt32BigEndian(cluster, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[4..], 3);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[20..], (uint)ClusterBits);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[24..], (ulong)Size);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[36..], (uint)L1Size);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[40..], (ulong)L1TableOffset);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[48..], (ulong)RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[56..], (uint)RefcountTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[60..], (uint)SnapshotCount);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[64..], (ulong)SnapshotsOffset);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[72..], IncompatibleFeatures);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[80..], CompatibleFeatures);
        BinaryPrimitives.WriteUInt64BigEndian(cluster[88..], AutoclearFeatures);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[96..], (uint)RefcountOrder);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[100..], V3LengthWithCompression);
        cluster[V3Length] = 0; // zlib

        int pos = V3LengthWithCompression;
        if (BackingFormat is not null)
            pos = WriteExtension(cluster, pos, ExtBackingFormat, Encoding.UTF8.GetBytes(BackingFormat));
        if (WithFeatureNames)
            pos = WriteExtension(cluster, pos, ExtFeatureNames, FeatureNameTable());
        pos = WriteExtension(cluster, pos, ExtEnd, []);
        if (BackingFile is not null)
        {
            byte[] name = Encoding.UTF8.GetBytes(BackingFile);
            name.CopyTo(cluster[pos..]);
            BinaryPrimitives.WriteUInt64BigEndian(cluster[8..], (ulong)pos);
            BinaryPrimitives.WriteUInt32BigEndian(cluster[16..], (uint)name.Length);
        }
    }

    /// <summary>Bytes the header and its extensions take before the backing file name.</summary>
    public static int ExtensionsLength(string? backingFormat, bool withFeatureNames) =>
        V3LengthWithCompression + (backingFormat is null ? 0 : 8 + ((Encoding.UTF8.GetByteCount(backingFormat) + 7) & ~7))
        + (withFeatureNames ? 8 + FeatureNameTable().Length : 0) + 8;

    private static int WriteExtension(Span<byte> cluster, int pos, uint type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt32BigEndian(cluster[pos..], type);
        BinaryPrimitives.WriteUInt32BigEndian(cluster[(pos + 4)..], (uint)data.Length);
        data.CopyTo(cluster[(pos + 8)..]);
        return pos + 8 + ((data.Length + 7) & ~7);
    }

    // Lets older tools name the bits they refuse, as QEMU's own images do.
    private static byte[] FeatureNameTable()
    {
        (byte Type, byte Bit, string Name)[] names =
        [
            (0, 0, "dirty bit"), (0, 1, "corrupt bit"), (0, 2, "external data file"),
            (0, 3, "compression type"), (0, 4, "extended L2 entries"), (1, 0, "lazy refcounts"),
            (2, 0, "bitmaps"), (2, 1, "raw external data"),
        ];
        const int entryLength = 48;
        byte[] table = new byte[names.Length * entryLength];
        for (int i = 0; i < names.Length; i++)
        {
            table[i * entryLength] = names[i].Type;
            table[(i * entryLength) + 1] = names[i].Bit;
            Encoding.ASCII.GetBytes(names[i].Name).CopyTo(table, (i * entryLength) + 2);
        }
        return table;
    }
}
