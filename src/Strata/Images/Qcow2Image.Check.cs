using System.Buffers.Binary;

namespace Strata.Images;

/// <summary>Walks all metadata, counts the references each host cluster should have, and compares with the refcounts stored.</summary>
internal sealed partial class Qcow2Image
{
    public override async ValueTask<ImageCheckResult> CheckAsync(bool repairLeaks = false, CancellationToken cancellationToken = default)
    {
        if (repairLeaks)
            CheckWritable();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CheckLockedAsync(repairLeaks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<ImageCheckResult> CheckLockedAsync(bool repairLeaks, CancellationToken cancellationToken)
    {
        WritePendingL2(); // the walk below reads every table from disk
        _l2Cache.Clear();
        _refBlockCache.Clear();
        var expected = new Dictionary<long, ulong>();
        var problems = new List<string>();
        int corruptions = 0;
        long fileLength = RandomAccess.GetLength(_handle);

        void Reference(long offset, long length, string what)
        {
            if (offset < 0 || offset + length > AlignUp(fileLength))
            {
                problems.Add($"ERROR {what} at 0x{offset:x} lies past the end of the image");
                corruptions++;
                return;
            }
            for (long c = offset >> _clusterBits; c <= (offset + Math.Max(length, 1) - 1) >> _clusterBits; c++)
                expected[c] = expected.GetValueOrDefault(c) + 1;
        }

        Reference(0, _clusterSize, "header");
        Reference(_header.L1TableOffset, _l1.Length * 8L, "L1 table");
        Reference(_refTableOffset, _refTable.Length * 8L, "refcount table");
        foreach (ulong entry in _refTable)
        {
            if ((entry & RefTableOffsetMask) != 0)
                Reference((long)(entry & RefTableOffsetMask), _clusterSize, "refcount block");
        }

        var l1Tables = new List<(ulong[] Table, bool Active)> { (_l1, true) };
        if (_header.SnapshotCount > 0)
        {
            var snapshots = Qcow2Snapshots.Read(Path, _handle, _header, fileLength);
            Reference(_header.SnapshotsOffset, snapshots.TableLength, "snapshot table");
            foreach (var s in snapshots.Entries)
            {
                Reference(s.L1TableOffset, s.L1Size * 8L, "snapshot L1 table");
                byte[] bytes = new byte[s.L1Size * 8L];
                await ImageIo.ReadFullyAsync(_handle, bytes, s.L1TableOffset, cancellationToken).ConfigureAwait(false);
                var table = new ulong[s.L1Size];
                for (int i = 0; i < table.Length; i++)
                    table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
                l1Tables.Add((table, false));
            }
        }

        long allocated = 0, fragmented = 0, compressed = 0;
        long nextContiguous = 0; // where the next guest cluster's data would lie if the file were not fragmented
        var copiedChecks = new List<(long Offset, bool Copied, string What)>();
        foreach (var (table, active) in l1Tables)
        {
            foreach (ulong l1Entry in table)
            {
                long l2Offset = (long)(l1Entry & L1OffsetMask);
                if (l2Offset == 0)
                    continue;
                if (l2Offset % _clusterSize != 0)
                {
                    problems.Add($"ERROR L2 table offset 0x{l2Offset:x} is not cluster aligned");
                    corruptions++;
                    continue;
                }
                Reference(l2Offset, _clusterSize, "L2 table");
                if (active)
                    copiedChecks.Add((l2Offset, (l1Entry & FlagCopied) != 0, "L2 table"));
                ulong[] l2;
                try
                {
                    l2 = await LoadL2Async(l2Offset, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidImageException e)
                {
                    problems.Add("ERROR " + e.Message);
                    corruptions++;
                    continue;
                }
                foreach (ulong entry in l2)
                {
                    if ((entry & FlagCompressed) != 0)
                    {
                        var (host, length) = CompressedExtent(entry);
                        Reference(host, length, "compressed cluster");
                        if (active)
                        {
                            allocated++;
                            compressed++;
                            fragmented++; // compressed clusters are fragmented by nature, as qemu-img counts them
                        }
                        continue;
                    }
                    long data = (long)(entry & L2OffsetMask);
                    if (data != 0)
                    {
                        Reference(data, _clusterSize, "data cluster");
                        if (active)
                            copiedChecks.Add((data, (entry & FlagCopied) != 0, "data cluster"));
                    }
                    if (active && Classify(entry) == ClusterKind.Normal)
                    {
                        allocated++;
                        if (nextContiguous != 0 && data != nextContiguous)
                            fragmented++;
                        nextContiguous = data + _clusterSize;
                    }
                }
            }
        }

        // Compare every cluster a refcount block covers, and every referenced cluster, with its stored count.
        var leaked = new List<(long Cluster, ulong Expected)>();
        var seen = new HashSet<long>();
        int leaks = 0;
        long highest = -1; // the last cluster counted or referenced: qemu-img's "image end offset" includes leaked ones
        long entriesPerBlock = 1L << RefBlockBits;
        for (long t = 0; t < _refTable.Length; t++)
        {
            long blockOffset = (long)(_refTable[t] & RefTableOffsetMask);
            if (blockOffset == 0)
                continue;
            byte[] block = await LoadRefBlockAsync(blockOffset, cancellationToken).ConfigureAwait(false);
            for (long i = 0; i < entriesPerBlock; i++)
            {
                long cluster = (t * entriesPerBlock) + i;
                ulong stored = GetEntry(block, i);
                ulong want = expected.GetValueOrDefault(cluster);
                seen.Add(cluster);
                if (stored > 0 || want > 0)
                    highest = Math.Max(highest, cluster);
                if (stored == want)
                    continue;
                if (stored > want)
                {
                    leaks++;
                    leaked.Add((cluster, want));
                    problems.Add(want == 0
                        ? $"Leaked cluster {cluster} refcount={stored} reference={want}"
                        : $"Leaked reference on cluster {cluster} refcount={stored} reference={want}");
                }
                else
                {
                    corruptions++;
                    problems.Add($"ERROR cluster {cluster} refcount={stored} reference={want}");
                }
            }
        }
        foreach (var (cluster, want) in expected)
        {
            if (!seen.Contains(cluster))
            {
                corruptions++;
                problems.Add($"ERROR cluster {cluster} refcount=0 reference={want} (no refcount block covers it)");
            }
        }
        foreach (var (offset, copied, what) in copiedChecks)
        {
            ulong want = expected.GetValueOrDefault(offset >> _clusterBits);
            if (copied != (want == 1))
            {
                corruptions++;
                problems.Add($"ERROR OFLAG_COPIED {what} at 0x{offset:x}: flag {(copied ? "set" : "clear")} with {want} references");
            }
        }

        int fixedLeaks = 0;
        if (repairLeaks && leaked.Count > 0)
        {
            foreach (var (cluster, want) in leaked)
            {
                ulong stored = await GetRefcountAsync(cluster << _clusterBits, cancellationToken).ConfigureAwait(false);
                await AdjustRefcountAsync(cluster << _clusterBits, -(int)Math.Min(stored - want, int.MaxValue), cancellationToken).ConfigureAwait(false);
                fixedLeaks++;
            }
            ImageIo.FlushToDisk(_handle);
        }

        if (expected.Count > 0)
            highest = Math.Max(highest, expected.Keys.Max());
        long end = (highest + 1) << _clusterBits;
        return new ImageCheckResult
        {
            Corruptions = corruptions,
            Leaks = leaks,
            LeaksFixed = fixedLeaks,
            Problems = problems,
            AllocatedClusters = allocated,
            FragmentedClusters = fragmented,
            CompressedClusters = compressed,
            TotalClusters = (_header.Size + _clusterSize - 1) >> _clusterBits,
            ImageEndOffset = end,
        };
    }
}
