using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strata.Images;

/// <summary>A qcow2 image: guest clusters map through an L1 table and L2 tables to host clusters, or fall through to the backing file.</summary>
internal sealed partial class Qcow2Image : DiskImage
{
    private const ulong L1OffsetMask = 0x00FF_FFFF_FFFF_FE00;
    private const ulong L2OffsetMask = 0x00FF_FFFF_FFFF_FE00;
    private const ulong RefTableOffsetMask = 0xFFFF_FFFF_FFFF_FE00;
    private const ulong FlagCopied = 1UL << 63;
    private const ulong FlagCompressed = 1UL << 62;
    private const ulong FlagZero = 1UL;
    private const int SectorSize = 512;

    // Bounds memory for cached tables; the cache is dropped whole between operations when it grows past this.
    private const long MaxCachedTableBytes = 32L * 1024 * 1024;

    private readonly SafeFileHandle _handle;
    private Qcow2Header _header;
    private readonly int _clusterBits;
    private readonly int _clusterSize;
    private readonly int _l2Bits;
    private ulong[] _l1;
    private readonly HashSet<long> _metadataClusters = [];
    private readonly Dictionary<long, ulong[]> _l2Cache = [];
    private readonly Dictionary<long, byte[]> _refBlockCache = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ulong[] _refTable;
    private long _refTableOffset;
    private long _fileLength;
    private long _nextFree;
    private long _lastCompressedEntry = -1;
    private byte[]? _lastCompressedData;

    /// <summary>Off only while filling a brand-new image (convert), where a crash loses the whole file anyway.</summary>
    internal bool WriteBarriers { get; set; } = true;

    /// <summary>
    /// Set while filling a brand-new image (convert): data clusters go to the disk with O_DIRECT, metadata through
    /// the page cache as always (they never share a page: data owns whole clusters).
    /// </summary>
    internal DirectFileWriter? DirectData { get; set; }

    private Qcow2Image(string path, bool readOnly, SafeFileHandle handle, Qcow2Header header, ulong[] l1, ulong[] refTable, long fileLength, DiskImage? backing)
        : base(path, readOnly, backing)
    {
        _handle = handle;
        _header = header;
        _clusterBits = header.ClusterBits;
        _clusterSize = header.ClusterSize;
        _l2Bits = _clusterBits - 3;
        _l1 = l1;
        _refTable = refTable;
        _refTableOffset = header.RefcountTableOffset;
        _fileLength = fileLength;
        _nextFree = AlignUp(fileLength);
    }

    public override ImageFormat Format => ImageFormat.Qcow2;
    public override long VirtualSize => _header.Size;

    /// <summary>Opens and validates the header and fixed metadata; <paramref name="openBacking"/> opens the rest of the chain.</summary>
    public static Qcow2Image Open(string path, bool readOnly, Func<Qcow2Header, DiskImage?> openBacking)
    {
        var handle = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite, FileShare.Read);
        DiskImage? backing = null;
        try
        {
            long length = RandomAccess.GetLength(handle);
            var header = Qcow2Header.Parse(path, ReadFirstCluster(handle, length), length);
            if (!readOnly && (header.IncompatibleFeatures & (Qcow2Header.IncompatDirty | Qcow2Header.IncompatCorrupt)) != 0)
                throw new UnsupportedImageException(path, "writing an image marked dirty or corrupt (run check first)");

            ulong[] l1 = ReadTable(handle, header.L1TableOffset, header.L1Size);
            ulong[] refTable = ReadTable(handle, header.RefcountTableOffset, header.RefcountTableClusters * (header.ClusterSize / 8));
            var metadata = ValidateLayout(path, header, l1, refTable, length, handle);
            backing = openBacking(header);
            var opened = new Qcow2Image(path, readOnly, handle, header, l1, refTable, length, backing);
            foreach (long cluster in metadata)
                opened._metadataClusters.Add(cluster);
            if (!readOnly && header.AutoclearFeatures != 0)
                opened.ClearAutoclear();
            return opened;
        }
        catch
        {
            backing?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first cluster (or the whole file when shorter), all that <see cref="Qcow2Header.Parse"/> reads. Sized by the
    /// header's own cluster_bits: a 64 KiB-cluster image costs a 64 KiB read, not the 2 MiB of the largest cluster size
    /// (which was most of <c>strata img info</c>'s time on a big image). With cluster_bits out of range the first 512
    /// bytes are enough for the parser to refuse it.
    /// </summary>
    private static byte[] ReadFirstCluster(SafeFileHandle handle, long fileLength)
    {
        byte[] start = new byte[(int)Math.Min(fileLength, 1 << Qcow2Header.MinClusterBits)];
        ImageIo.ReadFully(handle, start, 0);
        if (start.Length < 24)
            return start;
        uint clusterBits = BinaryPrimitives.ReadUInt32BigEndian(start.AsSpan(20));
        if (clusterBits is <= Qcow2Header.MinClusterBits or > Qcow2Header.MaxClusterBits)
            return start;
        byte[] cluster = new byte[(int)Math.Min(fileLength, 1L << (int)clusterBits)];
        start.CopyTo(cluster, 0);
        ImageIo.ReadFully(handle, cluster.AsSpan(start.Length), start.Length);
        return cluster;
    }

    private static ulong[] ReadTable(SafeFileHandle handle, long offset, int entries)
    {
        ulong[] table = new ulong[entries];
        ImageIo.ReadFully(handle, MemoryMarshal.AsBytes(table.AsSpan()), offset);
        if (BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(table, table);
        return table;
    }

    /// <summary>Checks that the fixed metadata lies inside the file and does not overlap; returns the clusters it occupies.</summary>
    private static HashSet<long> ValidateLayout(string path, Qcow2Header header, ulong[] l1, ulong[] refTable, long fileLength, SafeFileHandle handle)
    {
        int bits = header.ClusterBits;
        var owners = new Dictionary<long, string>();
        void Claim(long offset, long bytes, string what)
        {
            for (long c = offset >> bits; c <= (offset + Math.Max(bytes, 1) - 1) >> bits; c++)
            {
                if (!owners.TryAdd(c, what) && !(what == "L2 table" && owners[c] == "L2 table"))
                    throw new InvalidImageException(path, $"{what} at 0x{c << bits:x} overlaps the {owners[c]}");
            }
        }
        void CheckCluster(ulong offset, string what)
        {
            if (offset % (ulong)header.ClusterSize != 0)
                throw new InvalidImageException(path, $"{what} offset 0x{offset:x} is not cluster aligned");
            if (offset >= (ulong)fileLength)
                throw new InvalidImageException(path, $"{what} at 0x{offset:x} lies past the end of the file ({fileLength} bytes)");
        }

        Claim(0, header.ClusterSize, "header");
        Claim(header.L1TableOffset, header.L1Size * 8L, "L1 table");
        Claim(header.RefcountTableOffset, (long)header.RefcountTableClusters << bits, "refcount table");
        foreach (ulong entry in refTable)
        {
            ulong block = entry & RefTableOffsetMask;
            if (block == 0)
                continue;
            CheckCluster(block, "refcount block");
            Claim((long)block, header.ClusterSize, "refcount block");
        }
        foreach (ulong entry in l1)
        {
            ulong table = entry & L1OffsetMask;
            if (table == 0)
                continue;
            CheckCluster(table, "L2 table");
            Claim((long)table, header.ClusterSize, "L2 table");
        }
        if (header.SnapshotCount > 0)
        {
            var snapshots = Qcow2Snapshots.Read(path, handle, header, fileLength);
            Claim(header.SnapshotsOffset, snapshots.TableLength, "snapshot table");
            foreach (var s in snapshots.Entries)
            {
                if (s.L1Size > Qcow2Header.MaxL1Entries)
                    throw new InvalidImageException(path, $"snapshot {s.Id} has an L1 table of {s.L1Size} entries");
                CheckCluster((ulong)s.L1TableOffset, "snapshot L1 table");
                if (s.L1TableOffset + (s.L1Size * 8L) > fileLength)
                    throw new InvalidImageException(path, $"snapshot {s.Id}'s L1 table runs past the end of the file");
            }
        }
        return [.. owners.Keys];
    }

    private void ClearAutoclear()
    {
        // Bitmaps and other autoclear extensions are not kept up to date by Strata, so their bits go (as QEMU does).
        const int autoclearOffset = 88;
        Span<byte> zero = stackalloc byte[8];
        RandomAccess.Write(_handle, zero, autoclearOffset);
        ImageIo.FlushToDisk(_handle);
    }

    private long AlignUp(long value) => (value + _clusterSize - 1) & ~((long)_clusterSize - 1);

    public override async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, buffer.Length);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TrimCaches();
            while (buffer.Length > 0)
            {
                long cluster = offset >> _clusterBits;
                int inCluster = (int)(offset & (_clusterSize - 1));
                ulong entry = await GetL2EntryAsync(cluster, cancellationToken).ConfigureAwait(false);
                int chunk = Math.Min(buffer.Length, _clusterSize - inCluster);
                var kind = Classify(entry);

                // Coalesce neighbouring clusters of the same kind into one read: sequential reads stay large.
                while (chunk < buffer.Length && kind is ClusterKind.Unallocated or ClusterKind.Zero or ClusterKind.Normal)
                {
                    ulong next = await GetL2EntryAsync(cluster + ((inCluster + chunk) >> _clusterBits), cancellationToken).ConfigureAwait(false);
                    if (Classify(next) != kind || (kind == ClusterKind.Normal && (next & L2OffsetMask) != (entry & L2OffsetMask) + (ulong)(inCluster + chunk)))
                        break;
                    chunk = Math.Min(buffer.Length, chunk + _clusterSize);
                }
                var target = buffer[..chunk];
                switch (kind)
                {
                    case ClusterKind.Normal:
                        await ImageIo.ReadFullyAsync(_handle, target, (long)(entry & L2OffsetMask) + inCluster, cancellationToken).ConfigureAwait(false);
                        break;
                    case ClusterKind.Zero:
                        target.Span.Clear();
                        break;
                    case ClusterKind.Compressed:
                        byte[] data = await DecompressAsync(entry, cancellationToken).ConfigureAwait(false);
                        data.AsSpan(inCluster, chunk).CopyTo(target.Span);
                        break;
                    default:
                        await ReadBackingAsync(offset, target, cancellationToken).ConfigureAwait(false);
                        break;
                }
                buffer = buffer[chunk..];
                offset += chunk;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private enum ClusterKind { Unallocated, Zero, Normal, Compressed }

    private ClusterKind Classify(ulong entry)
    {
        if ((entry & FlagCompressed) != 0)
            return ClusterKind.Compressed;
        if (_header.Version >= 3 && (entry & FlagZero) != 0)
            return ClusterKind.Zero;
        return (entry & L2OffsetMask) == 0 ? ClusterKind.Unallocated : ClusterKind.Normal;
    }

    /// <summary>Reads from the backing chain; past the backing file's end (a grown overlay) the disk reads as zeros.</summary>
    private async ValueTask ReadBackingAsync(long offset, Memory<byte> target, CancellationToken cancellationToken)
    {
        long available = Backing is null ? 0 : Math.Clamp(Backing.VirtualSize - offset, 0, target.Length);
        if (available > 0)
            await Backing!.ReadAsync(offset, target[..(int)available], cancellationToken).ConfigureAwait(false);
        target.Span[(int)available..].Clear();
    }

    private async ValueTask<ulong> GetL2EntryAsync(long guestCluster, CancellationToken cancellationToken)
    {
        long l1Index = guestCluster >> _l2Bits;
        if (l1Index >= _l1.Length)
            return 0;
        long tableOffset = (long)(_l1[l1Index] & L1OffsetMask);
        if (tableOffset == 0)
            return 0;
        ulong[] table = await LoadL2Async(tableOffset, cancellationToken).ConfigureAwait(false);
        return table[guestCluster & ((1L << _l2Bits) - 1)];
    }

    /// <summary>Loads an L2 table and refuses it if any entry points outside the file or into metadata.</summary>
    private async ValueTask<ulong[]> LoadL2Async(long tableOffset, CancellationToken cancellationToken)
    {
        if (_l2Cache.TryGetValue(tableOffset, out var cached))
            return cached;
        byte[] bytes = new byte[_clusterSize];
        await ImageIo.ReadFullyAsync(_handle, bytes, tableOffset, cancellationToken).ConfigureAwait(false);
        ulong[] table = new ulong[_clusterSize / 8];
        for (int i = 0; i < table.Length; i++)
        {
            ulong entry = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
            table[i] = entry;
            ValidateL2Entry(entry, tableOffset, i);
        }
        _l2Cache[tableOffset] = table;
        return table;
    }

    private void ValidateL2Entry(ulong entry, long tableOffset, int index)
    {
        if ((entry & FlagCompressed) != 0)
        {
            var (host, length) = CompressedExtent(entry);
            if (host < _clusterSize || host + length > AlignUp(_fileLength) || _metadataClusters.Contains(host >> _clusterBits))
                throw new InvalidImageException(Path, $"compressed cluster in L2 table 0x{tableOffset:x} entry {index} points at 0x{host:x}, outside the data area");
            return;
        }
        ulong offset = entry & L2OffsetMask;
        if (offset == 0)
            return;
        if ((entry & 0x1FEUL) != 0 || offset % (ulong)_clusterSize != 0)
            throw new InvalidImageException(Path, $"L2 table 0x{tableOffset:x} entry {index} (0x{entry:x}) is not cluster aligned");
        if (offset >= (ulong)_fileLength && (offset >= (ulong)_nextFree))
            throw new InvalidImageException(Path, $"L2 table 0x{tableOffset:x} entry {index} points past the end of the file (0x{offset:x})");
        if (_metadataClusters.Contains((long)(offset >> _clusterBits)))
            throw new InvalidImageException(Path, $"L2 table 0x{tableOffset:x} entry {index} points into metadata at 0x{offset:x}");
    }

    /// <summary>Where a compressed cluster's bytes lie: its descriptor packs a byte offset and a count of extra 512-byte sectors.</summary>
    private (long Host, long Length) CompressedExtent(ulong entry)
    {
        int offsetBits = 62 - (_clusterBits - 8);
        long host = (long)(entry & ((1UL << offsetBits) - 1));
        long sectors = (long)((entry >> offsetBits) & ((1UL << (62 - offsetBits)) - 1)) + 1;
        return (host, (sectors * SectorSize) - (host & (SectorSize - 1)));
    }

    private async ValueTask<byte[]> DecompressAsync(ulong entry, CancellationToken cancellationToken)
    {
        if ((long)entry == _lastCompressedEntry && _lastCompressedData is not null)
            return _lastCompressedData;
        var (host, length) = CompressedExtent(entry);
        byte[] compressed = new byte[length];
        await ImageIo.ReadFullyAsync(_handle, compressed, host, cancellationToken).ConfigureAwait(false);
        byte[] cluster = new byte[_clusterSize];
        try
        {
            // qcow2's zlib type is raw deflate (no zlib header); the stream may end inside the last sector.
            using var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            int total = 0;
            while (total < cluster.Length)
            {
                int read = inflater.Read(cluster, total, cluster.Length - total);
                if (read == 0)
                    break;
                total += read;
            }
            if (total != cluster.Length)
                throw new InvalidImageException(Path, $"compressed cluster at 0x{host:x} inflates to {total} bytes, not {_clusterSize}");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidImageException(Path, $"compressed cluster at 0x{host:x} is not valid deflate data: {e.Message}");
        }
        _lastCompressedEntry = (long)entry;
        _lastCompressedData = cluster;
        return cluster;
    }

    private void TrimCaches()
    {
        if ((long)(_l2Cache.Count + _refBlockCache.Count) * _clusterSize > MaxCachedTableBytes)
        {
            WritePendingL2(); // the cache holds the only copy of deferred entries
            _l2Cache.Clear();
            _refBlockCache.Clear();
        }
    }

    public override async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (IsReadOnly)
            return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2();
            ImageIo.FlushToDisk(_handle);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!IsReadOnly)
                WritePendingL2(); // closing without a flush still leaves every completed write mapped
            _handle.Dispose();
            _gate.Dispose();
        }
        base.Dispose(disposing);
    }
}
