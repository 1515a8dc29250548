using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Strata.Images;

/// <summary>Writes with copy-on-write, ordered so that a crash leaves at worst leaked clusters:
/// refcounts and data first, then (after a flush) L2 entries, then (after a flush) L1 entries.</summary>
internal sealed partial class Qcow2Image
{
    private sealed record DataWrite(long Host, ReadOnlyMemory<byte> Data);
    private sealed record L2Update(ulong[] Table, long TableOffset, int Index, ulong Entry, bool TableIsNew);
    private sealed record NewL2(long L1Index, long TableOffset, ulong[] Table, long ReplacedTable = 0);

    public override ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        CheckRange(offset, data.Length);
        return WriteCoreAsync(offset, data.Length, data, zeroes: false, cancellationToken);
    }

    /// <summary>Makes a range read as zeros; whole clusters become zero clusters (version 3) and take no space.</summary>
    public async ValueTask WriteZeroesAsync(long offset, long length, CancellationToken cancellationToken)
    {
        CheckWritable();
        // One batch per L2 table's reach keeps the plan's memory bounded on huge ranges.
        long batch = 1L << (_l2Bits + _clusterBits);
        while (length > 0)
        {
            long chunk = Math.Min(length, batch - (offset & (batch - 1)));
            await WriteCoreAsync(offset, chunk, ReadOnlyMemory<byte>.Empty, zeroes: true, cancellationToken).ConfigureAwait(false);
            offset += chunk;
            length -= chunk;
        }
    }

    private async ValueTask WriteCoreAsync(long offset, long length, ReadOnlyMemory<byte> data, bool zeroes, CancellationToken cancellationToken)
    {
        byte[]? zeroCluster = zeroes ? new byte[_clusterSize] : null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TrimCaches();
            _deferRefcountWrites = true;
            var writes = new List<DataWrite>();
            var updates = new List<L2Update>();
            var newTables = new Dictionary<long, NewL2>();
            var freed = new List<ulong>();
            while (length > 0)
            {
                long cluster = offset >> _clusterBits;
                int inCluster = (int)(offset & (_clusterSize - 1));
                int chunk = (int)Math.Min(length, _clusterSize - inCluster);
                var piece = zeroes ? zeroCluster.AsMemory(0, chunk) : data[..chunk];
                var (table, tableOffset, isNew) = await GetL2ForWriteAsync(cluster >> _l2Bits, newTables, cancellationToken).ConfigureAwait(false);
                int index = (int)(cluster & ((1L << _l2Bits) - 1));
                ulong entry = table[index];
                var kind = Classify(entry);
                if (zeroes && chunk == _clusterSize && _header.Version >= 3)
                {
                    if (entry != FlagZero)
                    {
                        updates.Add(new L2Update(table, tableOffset, index, FlagZero, isNew));
                        if (kind is ClusterKind.Normal or ClusterKind.Compressed)
                            freed.Add(entry);
                        else if (kind == ClusterKind.Zero && (entry & L2OffsetMask) != 0)
                            freed.Add(entry & ~FlagZero);
                    }
                    offset += chunk;
                    length -= chunk;
                    continue;
                }
                bool shared = kind == ClusterKind.Normal && (entry & FlagCopied) == 0
                    && await GetRefcountAsync((long)(entry & L2OffsetMask), cancellationToken).ConfigureAwait(false) > 1;
                if (kind == ClusterKind.Normal && !shared)
                {
                    writes.Add(new DataWrite((long)(entry & L2OffsetMask) + inCluster, piece));
                    if ((entry & FlagCopied) == 0)
                        updates.Add(new L2Update(table, tableOffset, index, entry | FlagCopied, isNew)); // sole owner again after a snapshot went
                }
                else
                {
                    // A write that covers the whole cluster replaces it: nothing of the old content is needed.
                    ReadOnlyMemory<byte> content = piece;
                    if (chunk < _clusterSize)
                    {
                        byte[] whole = new byte[_clusterSize];
                        long clusterStart = cluster << _clusterBits;
                        if (kind == ClusterKind.Compressed)
                            (await DecompressAsync(entry, cancellationToken).ConfigureAwait(false)).CopyTo(whole, 0);
                        else if (shared)
                            await ImageIo.ReadFullyAsync(_handle, whole, (long)(entry & L2OffsetMask), cancellationToken).ConfigureAwait(false);
                        else if (kind == ClusterKind.Unallocated)
                            await ReadBackingAsync(clusterStart, whole.AsMemory(0, (int)Math.Min(_clusterSize, VirtualSize - clusterStart)), cancellationToken).ConfigureAwait(false);
                        piece.Span.CopyTo(whole.AsSpan(inCluster));
                        content = whole;
                    }

                    // A zero cluster that still owns its host cluster (QEMU's preallocated zeros) is rewritten in place.
                    long host = kind == ClusterKind.Zero && (entry & L2OffsetMask) != 0 && (entry & FlagCopied) != 0
                        ? (long)(entry & L2OffsetMask)
                        : await AllocateClustersAsync(1, cancellationToken).ConfigureAwait(false);
                    writes.Add(new DataWrite(host, content));
                    updates.Add(new L2Update(table, tableOffset, index, (ulong)host | FlagCopied, isNew));
                    if (kind == ClusterKind.Compressed || shared)
                        freed.Add(entry);
                    else if (kind == ClusterKind.Zero && (entry & L2OffsetMask) != 0 && (ulong)host != (entry & L2OffsetMask))
                        freed.Add(entry & ~FlagZero);
                }
                if (!zeroes)
                    data = data[chunk..];
                offset += chunk;
                length -= chunk;
            }

            await CommitAsync(writes, updates, newTables, freed, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // On a failure the counts raised for clusters never linked may still reach the disk: leaks at worst.
            _deferRefcountWrites = false;
            _gate.Release();
        }
    }

    /// <summary>
    /// Puts a planned write on disk in crash-safe order: raised refcounts and data, then the L2 entries, then the
    /// L1 entries of new tables, and only then the releases of what they replaced. Runs under the gate with
    /// refcount writes deferred.
    /// </summary>
    private async ValueTask CommitAsync(List<DataWrite> writes, List<L2Update> updates, Dictionary<long, NewL2> newTables, List<ulong> freed, CancellationToken cancellationToken)
    {
        WritePendingRefcounts();
        WriteData(writes);
        if (updates.Count == 0)
            return;

        // Entries in tables already on disk that nothing else depends on wait in memory (see PendingL2);
        // a new table (its L1 entry) or clusters to release (their refcounts) need the entries durable now.
        bool defer = newTables.Count == 0 && freed.Count == 0;
        Barrier("data", durable: !defer);
        if (!defer)
            WritePendingL2(dataIsDurable: true);

        byte[] entryBytes = new byte[8];
        foreach (var update in updates)
            update.Table[update.Index] = update.Entry;
        foreach (var (tableOffset, table, first, last) in ChangedRanges(updates))
        {
            if (defer)
                DeferL2(tableOffset, table, first, last);
            else
                await ImageIo.WriteAsync(_handle, TableBytes(table, first, last - first + 1), tableOffset + (first * 8L), cancellationToken).ConfigureAwait(false);
        }
        foreach (var table in newTables.Values)
            await ImageIo.WriteAsync(_handle, TableBytes(table.Table), table.TableOffset, cancellationToken).ConfigureAwait(false);
        Barrier("l2", durable: !defer);

        if (newTables.Count > 0)
        {
            foreach (var table in newTables.Values)
            {
                _l1[table.L1Index] = (ulong)table.TableOffset | FlagCopied;
                BinaryPrimitives.WriteUInt64BigEndian(entryBytes, _l1[table.L1Index]);
                await ImageIo.WriteAsync(_handle, entryBytes, _header.L1TableOffset + (table.L1Index * 8), cancellationToken).ConfigureAwait(false);
                _l2Cache[table.TableOffset] = table.Table;
            }
            Barrier("l1");
        }

        // Only now that nothing points at them may the replaced clusters lose their references.
        foreach (ulong old in freed)
            await ReleaseAsync(old, cancellationToken).ConfigureAwait(false);
        foreach (var table in newTables.Values.Where(t => t.ReplacedTable != 0))
            await AdjustRefcountAsync(table.ReplacedTable, -1, cancellationToken).ConfigureAwait(false);
        WritePendingRefcounts();
        UpdateFileLength();
    }

    // Well under Linux's IOV_MAX (1024) buffers per vectored write.
    private const int MaxBuffersPerWrite = 256;

    /// <summary>Writes data clusters, one system call for each run of clusters that lie next to each other in the file.</summary>
    private void WriteData(List<DataWrite> writes)
    {
        var buffers = new List<ReadOnlyMemory<byte>>();
        long runStart = 0, runEnd = -1;
        foreach (var write in writes)
        {
            if (write.Host != runEnd || buffers.Count == MaxBuffersPerWrite)
            {
                WriteRun(buffers, runStart);
                runStart = write.Host;
            }
            // Whole clusters cut from one caller's buffer are usually neighbours in memory too: one buffer then.
            if (buffers.Count > 0 && FollowsInMemory(buffers[^1], write.Data, out var joined))
                buffers[^1] = joined;
            else
                buffers.Add(write.Data);
            runEnd = write.Host + write.Data.Length;
        }
        WriteRun(buffers, runStart);
    }

    private void WriteRun(List<ReadOnlyMemory<byte>> buffers, long host)
    {
        if (DirectData is not null)
        {
            foreach (var buffer in buffers)
            {
                DirectData.Write(host, buffer.Span);
                host += buffer.Length;
            }
        }
        else if (buffers.Count == 1)
            RandomAccess.Write(_handle, buffers[0].Span, host);
        else if (buffers.Count > 1)
            RandomAccess.Write(_handle, buffers, host);
        buffers.Clear();
    }

    private static bool FollowsInMemory(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, out ReadOnlyMemory<byte> joined)
    {
        joined = default;
        if (!MemoryMarshal.TryGetArray(first, out var a) || !MemoryMarshal.TryGetArray(second, out var b)
            || a.Array != b.Array || a.Offset + a.Count != b.Offset)
            return false;
        joined = a.Array.AsMemory(a.Offset, a.Count + b.Count);
        return true;
    }

    /// <summary>For each existing L2 table a write touched, the span of entries from the first to the last one it changed.</summary>
    private static IEnumerable<(long TableOffset, ulong[] Table, int First, int Last)> ChangedRanges(List<L2Update> updates) =>
        updates.Where(u => !u.TableIsNew)
            .GroupBy(u => u.TableOffset)
            .Select(g => (g.Key, g.First().Table, g.Min(u => u.Index), g.Max(u => u.Index)));

    /// <summary>Tests stop a write here (by throwing) to see what a crash after this stage's writes leaves on disk.</summary>
    internal Action<string>? CrashPoint { get; set; }

    private void Barrier(string stage, bool durable = true)
    {
        CrashPoint?.Invoke(stage);
        if (WriteBarriers && durable)
            ImageIo.FlushToDisk(_handle);
    }

    private void UpdateFileLength() => _fileLength = Math.Max(_fileLength, RandomAccess.GetLength(_handle));

    private async ValueTask<(ulong[] Table, long Offset, bool IsNew)> GetL2ForWriteAsync(long l1Index, Dictionary<long, NewL2> newTables, CancellationToken cancellationToken)
    {
        if (newTables.TryGetValue(l1Index, out var pending))
            return (pending.Table, pending.TableOffset, true);
        ulong l1Entry = _l1[l1Index];
        long tableOffset = (long)(l1Entry & L1OffsetMask);
        if (tableOffset != 0)
        {
            ulong[] current = await LoadL2Async(tableOffset, cancellationToken).ConfigureAwait(false);
            if ((l1Entry & FlagCopied) != 0)
                return (current, tableOffset, false);
            if (await GetRefcountAsync(tableOffset, cancellationToken).ConfigureAwait(false) <= 1)
            {
                await SetL1EntryAsync(l1Index, (ulong)tableOffset | FlagCopied, cancellationToken).ConfigureAwait(false); // sole owner again
                return (current, tableOffset, false);
            }

            // Shared with a snapshot: this image gets its own copy; the data clusters keep their counts
            // (one per L1 → L2 path), the old table loses this image's reference once the L1 entry moved.
            long copyOffset = await AllocateClustersAsync(1, cancellationToken).ConfigureAwait(false);
            _metadataClusters.Add(copyOffset >> _clusterBits);
            var copy = (ulong[])current.Clone();
            newTables[l1Index] = new NewL2(l1Index, copyOffset, copy, tableOffset);
            return (copy, copyOffset, true);
        }
        long offset = await AllocateClustersAsync(1, cancellationToken).ConfigureAwait(false);
        _metadataClusters.Add(offset >> _clusterBits);
        var table = new ulong[_clusterSize / 8];
        newTables[l1Index] = new NewL2(l1Index, offset, table);
        return (table, offset, true);
    }

    private async ValueTask SetL1EntryAsync(long index, ulong entry, CancellationToken cancellationToken)
    {
        _l1[index] = entry;
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, entry);
        await ImageIo.WriteAsync(_handle, bytes, _header.L1TableOffset + (index * 8), cancellationToken).ConfigureAwait(false);
    }

    private static byte[] TableBytes(ulong[] table) => TableBytes(table, 0, table.Length);

    private static byte[] TableBytes(ulong[] table, int first, int count)
    {
        byte[] bytes = new byte[count * 8];
        for (int i = 0; i < count; i++)
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), table[first + i]);
        return bytes;
    }

    /// <summary>Drops the references a replaced L2 entry held (a compressed cluster may span two host clusters).</summary>
    private async ValueTask ReleaseAsync(ulong entry, CancellationToken cancellationToken)
    {
        if ((entry & FlagCompressed) != 0)
        {
            var (host, length) = CompressedExtent(entry);
            for (long c = host >> _clusterBits; c <= (host + length - 1) >> _clusterBits; c++)
                await AdjustRefcountAsync(c << _clusterBits, -1, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AdjustRefcountAsync((long)(entry & L2OffsetMask), -1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes clusters from the end of the file: never reusing freed space keeps a crash from aliasing live data.</summary>
    private async ValueTask<long> AllocateClustersAsync(int count, CancellationToken cancellationToken)
    {
        long offset = _nextFree;
        _nextFree += (long)count << _clusterBits;
        for (int i = 0; i < count; i++)
            await AdjustRefcountAsync(offset + ((long)i << _clusterBits), +1, cancellationToken).ConfigureAwait(false);
        return offset;
    }
}
