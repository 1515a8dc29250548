using System.Buffers.Binary;
using System.Text;

namespace Strata.Images;

/// <summary>Internal snapshots in QEMU's format: a copy of the L1 table that shares L2 tables and data by reference counts.</summary>
internal sealed partial class Qcow2Image
{
    // nb_snapshots (u32 at 60) and snapshots_offset (u64 at 64) are adjacent: one write switches tables.
    private const int SnapshotFieldsOffset = 60;
    private const int SnapshotExtraData = 24; // vm_state_size_large, disk_size (the minimum for version 3), icount: 0 as qemu-img writes it

    public override async ValueTask CreateSnapshotAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2(); // snapshots share the tables on disk: they must hold every completed write
            var existing = ReadSnapshots();
            if (existing.Entries.Any(s => s.Name == name))
                throw new OperationInvalidException($"snapshot '{name}' already exists in '{Path}'");
            string id = (existing.Entries.Select(s => long.TryParse(s.Id, out long n) ? n : 0).DefaultIfEmpty(0).Max() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

            // 1. References first: the snapshot's tree counts once more.
            await AdjustTreeAsync(_l1, +1, cancellationToken).ConfigureAwait(false);
            long l1Bytes = _l1.Length * 8L;
            long snapshotL1 = await AllocateClustersAsync((int)(AlignUp(Math.Max(l1Bytes, 8)) >> _clusterBits), cancellationToken).ConfigureAwait(false);
            await ImageIo.WriteAsync(_handle, TableBytes(_l1.Select(e => e & ~FlagCopied).ToArray()), snapshotL1, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);

            // 2. Everything is shared now: no active entry may be written in place before the snapshot exists.
            await FixCopiedFlagsAsync(cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);

            // 3. Publish a new table, then drop the old one.
            byte[] entry = SnapshotEntry(id, name, snapshotL1, _l1.Length);
            byte[] oldTable = await ReadSnapshotTableBytesAsync(existing.TableLength, cancellationToken).ConfigureAwait(false);
            await PublishSnapshotTableAsync([.. oldTable, .. entry], existing.Entries.Count + 1, existing.TableLength, cancellationToken).ConfigureAwait(false);
            for (long c = 0; c < AlignUp(Math.Max(l1Bytes, 8)) >> _clusterBits; c++)
                _metadataClusters.Add((snapshotL1 >> _clusterBits) + c);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask DeleteSnapshotAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2(); // snapshots share the tables on disk: they must hold every completed write
            var table = ReadSnapshots();
            int index = FindSnapshot(table, idOrName);
            var victim = table.Entries[index];
            byte[] bytes = await ReadSnapshotTableBytesAsync(table.TableLength, cancellationToken).ConfigureAwait(false);
            var (start, length) = EntryRange(bytes, index);
            byte[] remaining = [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + length)];
            ulong[] victimL1 = await ReadL1Async(victim.L1TableOffset, victim.L1Size, cancellationToken).ConfigureAwait(false);

            // Unpublish first; a crash after this leaves only leaks.
            await PublishSnapshotTableAsync(remaining, table.Entries.Count - 1, table.TableLength, cancellationToken).ConfigureAwait(false);
            await AdjustTreeAsync(victimL1, -1, cancellationToken).ConfigureAwait(false);
            for (long c = 0; c < AlignUp(Math.Max(victim.L1Size * 8L, 8)) >> _clusterBits; c++)
            {
                _metadataClusters.Remove((victim.L1TableOffset >> _clusterBits) + c);
                await AdjustRefcountAsync(victim.L1TableOffset + (c << _clusterBits), -1, cancellationToken).ConfigureAwait(false);
            }
            await FixCopiedFlagsAsync(cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async ValueTask ApplySnapshotAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2(); // snapshots share the tables on disk: they must hold every completed write
            var table = ReadSnapshots();
            var snapshot = table.Entries[FindSnapshot(table, idOrName)];
            if (snapshot.L1Size > _l1.Length || snapshot.DiskSize != _header.Size)
                throw new UnsupportedImageException(Path, $"applying snapshot '{snapshot.Name}' taken at another disk size");
            ulong[] target = new ulong[_l1.Length];
            (await ReadL1Async(snapshot.L1TableOffset, snapshot.L1Size, cancellationToken).ConfigureAwait(false)).CopyTo(target, 0);
            for (int i = 0; i < target.Length; i++)
                target[i] &= ~FlagCopied;

            await AdjustTreeAsync(target, +1, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
            ulong[] old = _l1;
            await ImageIo.WriteAsync(_handle, TableBytes(target), _header.L1TableOffset, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
            _l1 = target;
            await AdjustTreeAsync(old, -1, cancellationToken).ConfigureAwait(false);
            _metadataClusters.UnionWith(target.Where(e => (e & L1OffsetMask) != 0).Select(e => (long)(e & L1OffsetMask) >> _clusterBits));
            await FixCopiedFlagsAsync(cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
            _l2Cache.Clear();
            _lastCompressedData = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Qcow2Snapshots.Table ReadSnapshots() =>
        _header.SnapshotCount == 0
            ? new Qcow2Snapshots.Table([], 0)
            : Qcow2Snapshots.Read(Path, _handle, _header, RandomAccess.GetLength(_handle));

    private int FindSnapshot(Qcow2Snapshots.Table table, string idOrName)
    {
        for (int i = 0; i < table.Entries.Count; i++)
        {
            if (table.Entries[i].Id == idOrName)
                return i;
        }
        for (int i = 0; i < table.Entries.Count; i++)
        {
            if (table.Entries[i].Name == idOrName)
                return i;
        }
        throw new OperationInvalidException($"snapshot '{idOrName}' not found in '{Path}'");
    }

    private async ValueTask<ulong[]> ReadL1Async(long offset, int entries, CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[entries * 8L];
        await ImageIo.ReadFullyAsync(_handle, bytes, offset, cancellationToken).ConfigureAwait(false);
        var table = new ulong[entries];
        for (int i = 0; i < entries; i++)
            table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        return table;
    }

    /// <summary>Adds <paramref name="delta"/> to every L2 table and data cluster reachable from an L1 table.</summary>
    private async ValueTask AdjustTreeAsync(ulong[] l1, int delta, CancellationToken cancellationToken)
    {
        foreach (ulong l1Entry in l1)
        {
            long tableOffset = (long)(l1Entry & L1OffsetMask);
            if (tableOffset == 0)
                continue;
            ulong[] table = await LoadL2Async(tableOffset, cancellationToken).ConfigureAwait(false);
            foreach (ulong entry in table)
            {
                if ((entry & FlagCompressed) != 0)
                {
                    var (host, length) = CompressedExtent(entry);
                    for (long c = host >> _clusterBits; c <= (host + length - 1) >> _clusterBits; c++)
                        await AdjustRefcountAsync(c << _clusterBits, delta, cancellationToken).ConfigureAwait(false);
                }
                else if ((entry & L2OffsetMask) != 0)
                {
                    await AdjustRefcountAsync((long)(entry & L2OffsetMask), delta, cancellationToken).ConfigureAwait(false);
                }
            }
            await AdjustRefcountAsync(tableOffset, delta, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sets OFLAG_COPIED on exactly the active entries whose cluster has a refcount of 1.</summary>
    private async ValueTask FixCopiedFlagsAsync(CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[8];
        for (long i = 0; i < _l1.Length; i++)
        {
            long tableOffset = (long)(_l1[i] & L1OffsetMask);
            if (tableOffset == 0)
                continue;
            bool tableOwned = await GetRefcountAsync(tableOffset, cancellationToken).ConfigureAwait(false) == 1;
            ulong l1Entry = tableOwned ? _l1[i] | FlagCopied : _l1[i] & ~FlagCopied;
            if (l1Entry != _l1[i])
                await SetL1EntryAsync(i, l1Entry, cancellationToken).ConfigureAwait(false);
            ulong[] table = await LoadL2Async(tableOffset, cancellationToken).ConfigureAwait(false);
            for (int j = 0; j < table.Length; j++)
            {
                ulong entry = table[j];
                if ((entry & FlagCompressed) != 0 || (entry & L2OffsetMask) == 0)
                    continue;
                bool owned = await GetRefcountAsync((long)(entry & L2OffsetMask), cancellationToken).ConfigureAwait(false) == 1;
                ulong fixedEntry = owned ? entry | FlagCopied : entry & ~FlagCopied;
                if (fixedEntry == entry)
                    continue;
                table[j] = fixedEntry;
                BinaryPrimitives.WriteUInt64BigEndian(bytes, fixedEntry);
                await ImageIo.WriteAsync(_handle, bytes, tableOffset + (j * 8L), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<byte[]> ReadSnapshotTableBytesAsync(long length, CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[length];
        if (length > 0)
            await ImageIo.ReadFullyAsync(_handle, bytes, _header.SnapshotsOffset, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Writes a snapshot table to new clusters, switches the header to it, then frees the old one.</summary>
    private async ValueTask PublishSnapshotTableAsync(byte[] table, int count, long oldLength, CancellationToken cancellationToken)
    {
        long offset = 0;
        int clusters = (int)(AlignUp(table.Length) >> _clusterBits);
        if (count > 0)
        {
            offset = await AllocateClustersAsync(clusters, cancellationToken).ConfigureAwait(false);
            await ImageIo.WriteAsync(_handle, table, offset, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
        }
        byte[] fields = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(fields, (uint)count);
        BinaryPrimitives.WriteUInt64BigEndian(fields.AsSpan(4), (ulong)offset);
        await ImageIo.WriteAsync(_handle, fields, SnapshotFieldsOffset, cancellationToken).ConfigureAwait(false);
        ImageIo.FlushToDisk(_handle);

        long oldOffset = _header.SnapshotsOffset;
        int oldCount = _header.SnapshotCount;
        _header = _header with { SnapshotCount = count, SnapshotsOffset = offset };
        if (oldCount > 0)
        {
            for (long c = 0; c < AlignUp(oldLength) >> _clusterBits; c++)
            {
                _metadataClusters.Remove((oldOffset >> _clusterBits) + c);
                await AdjustRefcountAsync(oldOffset + (c << _clusterBits), -1, cancellationToken).ConfigureAwait(false);
            }
        }
        for (long c = 0; c < clusters && count > 0; c++)
            _metadataClusters.Add((offset >> _clusterBits) + c);
        UpdateFileLength();
    }

    private static (int Start, int Length) EntryRange(byte[] table, int index)
    {
        int pos = 0;
        for (int i = 0; ; i++)
        {
            int extra = (int)BinaryPrimitives.ReadUInt32BigEndian(table.AsSpan(pos + 36));
            int idSize = BinaryPrimitives.ReadUInt16BigEndian(table.AsSpan(pos + 12));
            int nameSize = BinaryPrimitives.ReadUInt16BigEndian(table.AsSpan(pos + 14));
            int length = (40 + extra + idSize + nameSize + 7) & ~7;
            if (i == index)
                return (pos, length);
            pos += length;
        }
    }

    private byte[] SnapshotEntry(string id, string name, long l1Offset, int l1Size)
    {
        byte[] idBytes = Encoding.UTF8.GetBytes(id);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > ushort.MaxValue)
            throw new ArgumentException("Snapshot name is too long", nameof(name));
        int length = (40 + SnapshotExtraData + idBytes.Length + nameBytes.Length + 7) & ~7;
        byte[] entry = new byte[length];
        var span = entry.AsSpan();
        var now = DateTimeOffset.UtcNow;
        BinaryPrimitives.WriteUInt64BigEndian(span, (ulong)l1Offset);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], (uint)l1Size);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], (ushort)idBytes.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)now.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], (uint)(now.Ticks % TimeSpan.TicksPerSecond * 100));
        BinaryPrimitives.WriteUInt32BigEndian(span[36..], SnapshotExtraData);
        BinaryPrimitives.WriteUInt64BigEndian(span[48..], (ulong)_header.Size); // extra data: disk_size after vm_state_size_large
        idBytes.CopyTo(span[(40 + SnapshotExtraData)..]);
        nameBytes.CopyTo(span[(40 + SnapshotExtraData + idBytes.Length)..]);
        return entry;
    }
}
