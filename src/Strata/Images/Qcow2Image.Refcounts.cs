using System.Buffers.Binary;

namespace Strata.Images;

/// <summary>Refcount table and blocks: every host cluster's reference count, in entries of 2^refcount_order bits.</summary>
internal sealed partial class Qcow2Image
{
    // While a write plans its allocations, raised refcounts are collected here (block offset → changed byte span).
    private readonly Dictionary<long, (int First, int End)> _pendingRefcounts = [];
    private bool _deferRefcountWrites;

    private int RefcountBits => 1 << _header.RefcountOrder;

    /// <summary>log2 of the number of refcount entries in one block.</summary>
    private int RefBlockBits => _clusterBits + 3 - _header.RefcountOrder;

    private ulong MaxRefcount => RefcountBits == 64 ? ulong.MaxValue : (1UL << RefcountBits) - 1;

    private async ValueTask<byte[]> LoadRefBlockAsync(long blockOffset, CancellationToken cancellationToken)
    {
        if (_refBlockCache.TryGetValue(blockOffset, out var cached))
            return cached;
        byte[] block = new byte[_clusterSize];
        await ImageIo.ReadFullyAsync(_handle, block, blockOffset, cancellationToken).ConfigureAwait(false);
        _refBlockCache[blockOffset] = block;
        return block;
    }

    /// <summary>The stored refcount of the host cluster at <paramref name="hostOffset"/> (0 where no block covers it).</summary>
    private async ValueTask<ulong> GetRefcountAsync(long hostOffset, CancellationToken cancellationToken)
    {
        long cluster = hostOffset >> _clusterBits;
        long tableIndex = cluster >> RefBlockBits;
        if (tableIndex >= _refTable.Length)
            return 0;
        long blockOffset = (long)(_refTable[tableIndex] & RefTableOffsetMask);
        if (blockOffset == 0)
            return 0;
        byte[] block = await LoadRefBlockAsync(blockOffset, cancellationToken).ConfigureAwait(false);
        return GetEntry(block, cluster & ((1L << RefBlockBits) - 1));
    }

    private async ValueTask AdjustRefcountAsync(long hostOffset, int delta, CancellationToken cancellationToken)
    {
        long cluster = hostOffset >> _clusterBits;
        long tableIndex = cluster >> RefBlockBits;
        if (tableIndex >= _refTable.Length)
            await GrowRefcountTableAsync(tableIndex, cancellationToken).ConfigureAwait(false);
        long blockOffset = (long)(_refTable[tableIndex] & RefTableOffsetMask);
        byte[] block;
        if (blockOffset == 0)
        {
            if (delta < 0)
                throw new InvalidImageException(Path, $"cluster 0x{hostOffset:x} has no refcount to drop");
            blockOffset = _nextFree;
            _nextFree += _clusterSize;
            block = new byte[_clusterSize];
            long blockCluster = blockOffset >> _clusterBits;
            bool selfCovered = blockCluster >> RefBlockBits == tableIndex;
            if (selfCovered)
                SetEntry(block, blockCluster & ((1L << RefBlockBits) - 1), 1);
            // The block reaches the disk before the table entry that points at it.
            await ImageIo.WriteAsync(_handle, block, blockOffset, cancellationToken).ConfigureAwait(false);
            Barrier("refcount block");
            _refTable[tableIndex] = (ulong)blockOffset;
            byte[] entry = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(entry, (ulong)blockOffset);
            await ImageIo.WriteAsync(_handle, entry, _refTableOffset + (tableIndex * 8), cancellationToken).ConfigureAwait(false);
            _refBlockCache[blockOffset] = block;
            _metadataClusters.Add(blockCluster);
            if (!selfCovered)
                await AdjustRefcountAsync(blockOffset, +1, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            block = await LoadRefBlockAsync(blockOffset, cancellationToken).ConfigureAwait(false);
        }

        long index = cluster & ((1L << RefBlockBits) - 1);
        ulong current = GetEntry(block, index);
        ulong updated = delta >= 0 ? current + (ulong)delta : current - (ulong)(-delta);
        if ((delta > 0 && (updated > MaxRefcount || updated < current)) || (delta < 0 && current < (ulong)(-delta)))
            throw new InvalidImageException(Path, $"refcount of cluster 0x{hostOffset:x} would leave its {RefcountBits}-bit range");
        SetEntry(block, index, updated);
        var (byteOffset, byteCount) = EntryBytes(index);
        if (_deferRefcountWrites)
        {
            _pendingRefcounts[blockOffset] = _pendingRefcounts.TryGetValue(blockOffset, out var span)
                ? (Math.Min(span.First, byteOffset), Math.Max(span.End, byteOffset + byteCount))
                : (byteOffset, byteOffset + byteCount);
            return;
        }
        await ImageIo.WriteAsync(_handle, block.AsMemory(byteOffset, byteCount), blockOffset + byteOffset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the refcount entries a write raised, one system call per block instead of one per cluster.</summary>
    /// <remarks>They must reach the file before the L2 entries that use the clusters: the caller writes them before its data barrier.</remarks>
    private void WritePendingRefcounts()
    {
        foreach (var (blockOffset, (first, end)) in _pendingRefcounts)
            RandomAccess.Write(_handle, _refBlockCache[blockOffset].AsSpan(first, end - first), blockOffset + first);
        _pendingRefcounts.Clear();
    }

    /// <summary>Moves the refcount table to a larger place at the end of the file; the header switches only once the copy is on disk.</summary>
    private async ValueTask GrowRefcountTableAsync(long neededIndex, CancellationToken cancellationToken)
    {
        long entriesPerCluster = _clusterSize / 8;
        long wanted = Math.Max(neededIndex + 1, _refTable.Length * 2L);
        long clusters = (wanted + entriesPerCluster - 1) / entriesPerCluster;
        if (clusters * _clusterSize > Qcow2Header.MaxRefcountTableBytes)
            throw new InvalidImageException(Path, "refcount table would grow past its size limit");
        ulong[] oldTable = _refTable;
        long oldOffset = _refTableOffset;
        int oldClusters = (int)((oldTable.Length * 8L) >> _clusterBits);

        var newTable = new ulong[clusters * entriesPerCluster];
        oldTable.CopyTo(newTable, 0);
        long newOffset = _nextFree;
        _nextFree += clusters << _clusterBits;
        _refTable = newTable;
        _refTableOffset = newOffset;
        for (long c = 0; c < clusters; c++)
            await AdjustRefcountAsync(newOffset + (c << _clusterBits), +1, cancellationToken).ConfigureAwait(false);
        await ImageIo.WriteAsync(_handle, TableBytes(newTable), newOffset, cancellationToken).ConfigureAwait(false);
        WritePendingRefcounts(); // the new table's own counts are on disk before the header points at it
        ImageIo.FlushToDisk(_handle);

        // refcount_table_offset (u64 at 48) and refcount_table_clusters (u32 at 56) are adjacent: one write.
        const int refTableFieldOffset = 48;
        byte[] fields = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(fields, (ulong)newOffset);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(8), (uint)clusters);
        await ImageIo.WriteAsync(_handle, fields, refTableFieldOffset, cancellationToken).ConfigureAwait(false);
        ImageIo.FlushToDisk(_handle);

        for (long c = 0; c < oldClusters; c++)
        {
            _metadataClusters.Remove((oldOffset >> _clusterBits) + c);
            await AdjustRefcountAsync(oldOffset + (c << _clusterBits), -1, cancellationToken).ConfigureAwait(false);
        }
        for (long c = 0; c < clusters; c++)
            _metadataClusters.Add((newOffset >> _clusterBits) + c);
    }

    private ulong GetEntry(byte[] block, long index)
    {
        int bits = RefcountBits;
        if (bits >= 8)
        {
            int bytes = bits / 8;
            var span = block.AsSpan((int)(index * bytes), bytes);
            ulong value = 0;
            foreach (byte b in span)
                value = (value << 8) | b;
            return value;
        }
        // Sub-byte refcounts pack from the least significant bit, as QEMU stores them.
        int perByte = 8 / bits;
        int shift = (int)(index % perByte) * bits;
        return (ulong)((block[index / perByte] >> shift) & ((1 << bits) - 1));
    }

    private void SetEntry(byte[] block, long index, ulong value)
    {
        int bits = RefcountBits;
        if (bits >= 8)
        {
            int bytes = bits / 8;
            var span = block.AsSpan((int)(index * bytes), bytes);
            for (int i = bytes - 1; i >= 0; i--)
            {
                span[i] = (byte)value;
                value >>= 8;
            }
            return;
        }
        int perByte = 8 / bits;
        int shift = (int)(index % perByte) * bits;
        int mask = ((1 << bits) - 1) << shift;
        block[index / perByte] = (byte)((block[index / perByte] & ~mask) | ((int)value << shift));
    }

    private (int Offset, int Count) EntryBytes(long index)
    {
        int bits = RefcountBits;
        return bits >= 8 ? ((int)(index * (bits / 8)), bits / 8) : ((int)(index / (8 / bits)), 1);
    }
}
