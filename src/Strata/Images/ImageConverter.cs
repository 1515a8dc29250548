using System.Runtime.CompilerServices;

namespace Strata.Images;

/// <summary>Copies a whole image chain into a new file of either format, leaving all-zero clusters unwritten.</summary>
public static class ImageConverter
{
    // Large enough to amortize per-call costs, a multiple of every cluster size (at most 2 MiB).
    private const int ChunkSize = 4 * 1024 * 1024;

    private const int SectorSize = 512;

    // Granularity of zero detection for raw targets, where there is no cluster size.
    private const int RawZeroGranularity = 64 * 1024;

    /// <summary>Creates <paramref name="destination"/> (its size is the source's, rounded up to whole sectors) and fills it with the source's guest view.</summary>
    public static Task ConvertAsync(DiskImage source, string destination, ImageCreateOptions options, CancellationToken cancellationToken = default) =>
        ConvertAsync(source, destination, options, new ImageConvertOptions(), cancellationToken);

    /// <summary>As <see cref="ConvertAsync(DiskImage, string, ImageCreateOptions, CancellationToken)"/>, with progress reports, compression and a choice about flushing.</summary>
    public static async Task ConvertAsync(DiskImage source, string destination, ImageCreateOptions options, ImageConvertOptions convert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(convert);
        if (convert.Compress && options.Format != ImageFormat.Qcow2)
            throw new ArgumentException($"Compression not supported for the {options.Format.ToString().ToLowerInvariant()} format", nameof(convert));
        // Whole sectors, as qemu-img sizes its output: QEMU itself ignores a qcow2 disk's partial last sector.
        options = options with { Size = (source.VirtualSize + SectorSize - 1) & ~((long)SectorSize - 1) };
        DiskImage.Create(destination, options);
        try
        {
            if (options.Format == ImageFormat.Raw)
            {
                using var raw = new DirectFileWriter(destination, convert.DirectWrites);
                await CopyAsync(source, RawZeroGranularity, convert, null, (position, data, _) =>
                {
                    WriteNonZeroRuns(position, data, RawZeroGranularity, (at, run) => raw.Write(at, run.Span));
                    return ValueTask.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
                if (convert.Flush)
                    raw.Flush();
                return;
            }

            using var qcow2 = (Qcow2Image)DiskImage.Open(destination, new ImageOpenOptions { ReadOnly = false, Format = ImageFormat.Qcow2, IgnoreBacking = true });
            qcow2.WriteBarriers = false; // a half-converted file is useless anyway; one flush at the end suffices
            int clusterSize = options.ClusterSize;
            if (convert.Compress)
            {
                // Each chunk deflates into the output buffer of its read buffer's slot (two chunks are in flight at most).
                byte[][] outputs = [new byte[ChunkSize], new byte[ChunkSize]];
                int prepared = 0;
                await CopyAsync(source, clusterSize, convert,
                    (position, data) => qcow2.CompressAsync(position, data, outputs[prepared++ & 1], cancellationToken),
                    (position, data, compressed) => qcow2.WriteCompressedAsync(position, data, compressed!, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                qcow2.FinishCompressedWrites();
            }
            else
            {
                using var direct = convert.DirectWrites ? new DirectFileWriter(destination, direct: true) : null;
                qcow2.DirectData = direct;
                await CopyAsync(source, clusterSize, convert, null, async (position, data, _) =>
                {
                    var runs = new List<(long, ReadOnlyMemory<byte>)>();
                    WriteNonZeroRuns(position, data, clusterSize, (at, run) => runs.Add((at, run)));
                    foreach (var (at, run) in runs)
                        await qcow2.WriteAsync(at, run, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                qcow2.DirectData = null;
            }
            if (convert.Flush)
                await qcow2.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(destination);
            throw;
        }
    }

    /// <summary>
    /// Reads the source's data chunks (and deflates them, with <paramref name="compress"/>) on one thread and hands
    /// each to <paramref name="write"/> on another: the next chunk is read while this one is written (as qemu-img
    /// overlaps them); holes are never read.
    /// </summary>
    private static async Task CopyAsync(
        DiskImage source, int granularity, ImageConvertOptions convert,
        Func<long, ReadOnlyMemory<byte>, Task<Qcow2Image.CompressedChunk>>? compress,
        Func<long, ReadOnlyMemory<byte>, Qcow2Image.CompressedChunk?, ValueTask> write,
        CancellationToken cancellationToken)
    {
        long size = source.VirtualSize;
        Memory<byte>[] buffers = [DirectFileWriter.AllocateBuffer(ChunkSize), DirectFileWriter.AllocateBuffer(ChunkSize)];
        await using var chunks = DataChunksAsync(source, granularity, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Task<(long Position, int Length, Qcow2Image.CompressedChunk? Compressed)?> ReadNext(Memory<byte> buffer) => Task.Run(async () =>
        {
            if (!await chunks.MoveNextAsync().ConfigureAwait(false))
                return ((long, int, Qcow2Image.CompressedChunk?)?)null;
            var (position, length) = chunks.Current;
            await source.ReadAsync(position, buffer[..length], cancellationToken).ConfigureAwait(false);
            var compressed = compress is null ? null : await compress(position, buffer[..length]).ConfigureAwait(false);
            return (position, length, compressed);
        }, cancellationToken);

        int slot = 0;
        var reading = ReadNext(buffers[slot]);
        try
        {
            while (await reading.ConfigureAwait(false) is var (position, length, compressed))
            {
                var buffer = buffers[slot];
                slot ^= 1;
                reading = ReadNext(buffers[slot]);
                await write(position, buffer[..length], compressed).ConfigureAwait(false);
                convert.Progress?.Report((double)(position + length) / size);
            }
        }
        catch
        {
            await Task.WhenAny(reading).ConfigureAwait(false); // no read may outlive the images it reads
            throw;
        }
        convert.Progress?.Report(1);
    }

    /// <summary>The chunks of the source that may hold data, aligned to <paramref name="granularity"/>: holes the source knows of are skipped unread.</summary>
    private static async IAsyncEnumerable<(long Position, int Length)> DataChunksAsync(DiskImage source, int granularity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long size = source.VirtualSize;
        long offset = 0;
        while (offset < size)
        {
            var (start, end) = await source.NextDataAsync(offset, size, cancellationToken).ConfigureAwait(false);
            if (start >= size)
                yield break;
            start &= ~((long)granularity - 1);
            end = Math.Min(size, (end + granularity - 1) & ~((long)granularity - 1));
            for (long position = start; position < end; position += ChunkSize)
                yield return (position, (int)Math.Min(ChunkSize, end - position));
            offset = end;
        }
    }

    /// <summary>Hands on the runs of <paramref name="granularity"/>-sized blocks of <paramref name="data"/> that are not all zeros.</summary>
    private static void WriteNonZeroRuns(long offset, ReadOnlyMemory<byte> data, int granularity, Action<long, ReadOnlyMemory<byte>> write)
    {
        int run = -1;
        for (int at = 0; run >= 0 || at < data.Length; at += granularity)
        {
            bool nonZero = at < data.Length && data.Span.Slice(at, Math.Min(granularity, data.Length - at)).ContainsAnyExcept((byte)0);
            if (nonZero && run < 0)
                run = at;
            else if (!nonZero && run >= 0)
            {
                write(offset + run, data[run..Math.Min(at, data.Length)]);
                run = -1;
            }
        }
    }
}
