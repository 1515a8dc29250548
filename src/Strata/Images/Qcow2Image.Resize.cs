using System.Buffers.Binary;

namespace Strata.Images;

/// <summary>Growing the virtual disk: a larger L1 table when the current one cannot map the new size.</summary>
internal sealed partial class Qcow2Image
{
    // Header fields rewritten by a resize: size (u64 at 24), crypt_method (u32 at 32, always 0 here), l1_size (u32 at 36), l1_table_offset (u64 at 40).
    private const int SizeFieldOffset = 24;
    private const int ResizeFieldsLength = 24;

    public override async ValueTask ResizeAsync(long newSize, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        if (newSize < _header.Size)
            throw new OperationInvalidException($"shrinking '{Path}' from {_header.Size} to {newSize} bytes is not supported");
        long oldSize = _header.Size;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2();
            int shift = _l2Bits + _clusterBits;
            long l1Needed = (newSize + (1L << shift) - 1) >> shift;
            if (l1Needed > Qcow2Header.MaxL1Entries)
                throw new OperationInvalidException($"{newSize} bytes is too large for an image with {_clusterSize}-byte clusters");
            long l1Capacity = AlignUp(_l1.Length * 8L) / 8;
            long l1Offset = _header.L1TableOffset;
            long oldL1Offset = l1Offset;
            long oldL1Clusters = AlignUp(_l1.Length * 8L) >> _clusterBits;
            ulong[] l1 = _l1;
            bool moved = false;
            if (l1Needed > l1Capacity)
            {
                // The new table is complete on disk before the header points at it.
                long clusters = AlignUp(l1Needed * 8) >> _clusterBits;
                l1 = new ulong[l1Needed];
                _l1.CopyTo(l1, 0);
                l1Offset = await AllocateClustersAsync((int)clusters, cancellationToken).ConfigureAwait(false);
                byte[] table = new byte[clusters << _clusterBits];
                TableBytes(l1).CopyTo(table, 0);
                await ImageIo.WriteAsync(_handle, table, l1Offset, cancellationToken).ConfigureAwait(false);
                ImageIo.FlushToDisk(_handle);
                moved = true;
            }
            else if (l1Needed > _l1.Length)
            {
                l1 = new ulong[l1Needed];
                _l1.CopyTo(l1, 0); // the extra entries are already zero on disk: the table's clusters were zero-filled
            }

            byte[] fields = new byte[ResizeFieldsLength];
            BinaryPrimitives.WriteUInt64BigEndian(fields, (ulong)newSize);
            BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(12), (uint)l1.Length);
            BinaryPrimitives.WriteUInt64BigEndian(fields.AsSpan(16), (ulong)l1Offset);
            await ImageIo.WriteAsync(_handle, fields, SizeFieldOffset, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
            _header = _header with { Size = newSize, L1Size = l1.Length, L1TableOffset = l1Offset };
            _l1 = l1;

            if (moved)
            {
                for (long c = 0; c < oldL1Clusters; c++)
                {
                    _metadataClusters.Remove((oldL1Offset >> _clusterBits) + c);
                    await AdjustRefcountAsync(oldL1Offset + (c << _clusterBits), -1, cancellationToken).ConfigureAwait(false);
                }
                for (long c = 0; c < AlignUp(l1.Length * 8L) >> _clusterBits; c++)
                    _metadataClusters.Add((l1Offset >> _clusterBits) + c);
                ImageIo.FlushToDisk(_handle);
            }
            UpdateFileLength();
        }
        finally
        {
            _gate.Release();
        }

        // As QEMU does: the grown part reads as zeros even where the backing file is longer.
        if (Backing is not null && Backing.VirtualSize > oldSize)
            await WriteZeroesAsync(oldSize, Math.Min(newSize, Backing.VirtualSize) - oldSize, cancellationToken).ConfigureAwait(false);
    }
}
