namespace Strata.Images;

/// <summary>
/// Compressed clusters as <c>qemu-img convert -c</c> writes them: each guest cluster deflated on its own and packed
/// byte after byte into host clusters that neighbouring compressed clusters share (a host cluster's refcount
/// counts the compressed clusters that touch it). A cluster that does not shrink is stored as it is. Only
/// unallocated clusters are written this way, as in QEMU: a compressed cluster is never rewritten in place.
/// </summary>
internal sealed partial class Qcow2Image
{
    // The end of the last compressed cluster written: the next one goes right after it, in the same host cluster if it fits.
    private long _compressedEnd;

    /// <summary>One chunk's clusters deflated and ready to write; per cluster a compressed length, <see cref="AllZero"/> or <see cref="Incompressible"/>.</summary>
    internal sealed record CompressedChunk(byte[] Output, int[] Lengths);

    /// <summary>
    /// Deflates whole clusters (the data may end early in the disk's last one), each into its own cluster-sized slot
    /// of <paramref name="output"/>. Apart from <see cref="WriteCompressedAsync"/> so that a convert can deflate the
    /// next chunk while this one is written.
    /// </summary>
    internal async Task<CompressedChunk> CompressAsync(long offset, ReadOnlyMemory<byte> data, byte[] output, CancellationToken cancellationToken)
    {
        CheckRange(offset, data.Length);
        bool shortBeforeTheEnd = data.Length % _clusterSize != 0 && (offset + data.Length - 1) >> _clusterBits != (VirtualSize - 1) >> _clusterBits;
        if ((offset & (_clusterSize - 1)) != 0 || shortBeforeTheEnd)
            throw new ArgumentException($"Compressed writes cover whole {_clusterSize}-byte clusters", nameof(offset));
        int count = (data.Length + _clusterSize - 1) >> _clusterBits;
        if (output.Length < count * _clusterSize)
            throw new ArgumentException($"{output.Length} bytes cannot hold {count} clusters", nameof(output));
        return new CompressedChunk(output, await CompressClustersAsync(data, output, count, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Writes what <see cref="CompressAsync"/> made of <paramref name="data"/>: compressed clusters packed, the ones that did not shrink plain, all-zero ones not at all.</summary>
    internal async ValueTask WriteCompressedAsync(long offset, ReadOnlyMemory<byte> data, CompressedChunk chunk, CancellationToken cancellationToken)
    {
        CheckWritable();
        var (output, lengths) = chunk;
        var compressed = new List<(long Cluster, ReadOnlyMemory<byte> Bytes)>();
        int plainStart = -1;
        for (int i = 0; i <= lengths.Length; i++)
        {
            bool plain = i < lengths.Length && lengths[i] == Incompressible;
            if (plain && plainStart < 0)
                plainStart = i;
            if (!plain && plainStart >= 0)
            {
                int start = plainStart << _clusterBits;
                await WriteAsync(offset + start, data[start..Math.Min(data.Length, i << _clusterBits)], cancellationToken).ConfigureAwait(false);
                plainStart = -1;
            }
            if (i < lengths.Length && lengths[i] > 0)
                compressed.Add(((offset >> _clusterBits) + i, output.AsMemory(i << _clusterBits, lengths[i])));
        }
        if (compressed.Count > 0)
            await WriteCompressedClustersAsync(compressed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a series of compressed writes as QEMU does: the file's length rounded up to whole sectors.</summary>
    internal void FinishCompressedWrites()
    {
        long length = RandomAccess.GetLength(_handle);
        long aligned = (length + SectorSize - 1) & ~((long)SectorSize - 1);
        if (aligned != length)
            RandomAccess.SetLength(_handle, aligned);
        UpdateFileLength();
    }

    private const int AllZero = 0;
    private const int Incompressible = -1;

    // QEMU deflates on up to 4 threads; more where there are more cores. Dedicated threads, not pool ones: the
    // pool would grow towards this only slowly, and on a busy machine each runnable thread gets its share.
    private static int CompressionThreads => Math.Max(4, Environment.ProcessorCount);

    /// <summary>Deflates each cluster into its own cluster-sized slot of <paramref name="output"/>, on several threads.</summary>
    /// <returns>Per cluster: the compressed length, <see cref="AllZero"/> or <see cref="Incompressible"/>.</returns>
    private async Task<int[]> CompressClustersAsync(ReadOnlyMemory<byte> data, byte[] output, int count, CancellationToken cancellationToken)
    {
        int[] lengths = new int[count];
        int next = -1;
        void Work()
        {
            using var deflater = new Qcow2Deflater();
            for (int i = Interlocked.Increment(ref next); i < count && !cancellationToken.IsCancellationRequested; i = Interlocked.Increment(ref next))
                lengths[i] = CompressCluster(data, i, output, deflater);
        }
        var workers = new Task[Math.Min(count, CompressionThreads)];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Task.Factory.StartNew(Work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return lengths;
    }

    private int CompressCluster(ReadOnlyMemory<byte> data, int index, byte[] output, Qcow2Deflater deflater)
    {
        int start = index << _clusterBits;
        var cluster = data.Span[start..Math.Min(data.Length, start + _clusterSize)];
        if (!cluster.ContainsAnyExcept((byte)0))
            return AllZero;
        if (cluster.Length < _clusterSize)
        {
            byte[] padded = new byte[_clusterSize]; // the disk's short last cluster, zero-padded as QEMU does
            cluster.CopyTo(padded);
            cluster = padded;
        }
        // QEMU's rule: compressed data must be smaller than the cluster by at least a byte.
        int length = deflater.Compress(cluster, output.AsSpan(start, _clusterSize - 1));
        return length > 0 ? length : Incompressible;
    }

    private async ValueTask WriteCompressedClustersAsync(List<(long Cluster, ReadOnlyMemory<byte> Bytes)> clusters, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TrimCaches();
            _deferRefcountWrites = true;
            var writes = new List<DataWrite>();
            var updates = new List<L2Update>();
            var newTables = new Dictionary<long, NewL2>();
            int offsetBits = 62 - (_clusterBits - 8);
            foreach (var (cluster, bytes) in clusters)
            {
                var (table, tableOffset, isNew) = await GetL2ForWriteAsync(cluster >> _l2Bits, newTables, cancellationToken).ConfigureAwait(false);
                int index = (int)(cluster & ((1L << _l2Bits) - 1));
                if (table[index] != 0)
                    throw new OperationInvalidException($"cluster 0x{cluster << _clusterBits:x} of '{Path}' is in use: compressed writes go only into unallocated clusters");
                long host = await AllocateCompressedAsync(bytes.Length, cancellationToken).ConfigureAwait(false);
                writes.Add(new DataWrite(host, bytes));
                // The descriptor counts the 512-byte sectors the data reaches beyond the one it starts in.
                ulong extraSectors = (ulong)(((host + bytes.Length - 1) / SectorSize) - (host / SectorSize));
                updates.Add(new L2Update(table, tableOffset, index, FlagCompressed | (extraSectors << offsetBits) | (ulong)host, isNew));
            }
            await CommitAsync(writes, updates, newTables, [], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _deferRefcountWrites = false;
            _gate.Release();
        }
    }

    /// <summary>
    /// Room for <paramref name="length"/> compressed bytes: right after the previous compressed cluster, running into
    /// the next host cluster when that one is still free and adjacent, else at the start of a new host cluster.
    /// Every host cluster the bytes touch gains a reference.
    /// </summary>
    private async ValueTask<long> AllocateCompressedAsync(int length, CancellationToken cancellationToken)
    {
        long host = _compressedEnd;
        long openCluster = host & ~((long)_clusterSize - 1);
        bool open = host != 0 && host != openCluster;
        if (open && host + length <= openCluster + _clusterSize)
        {
            await AdjustRefcountAsync(openCluster, +1, cancellationToken).ConfigureAwait(false);
        }
        else if (open && openCluster + _clusterSize == _nextFree)
        {
            await AllocateClustersAsync(1, cancellationToken).ConfigureAwait(false); // the adjacent one, taken first
            await AdjustRefcountAsync(openCluster, +1, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            host = await AllocateClustersAsync(1, cancellationToken).ConfigureAwait(false);
        }
        _compressedEnd = host + length;
        return host;
    }
}
