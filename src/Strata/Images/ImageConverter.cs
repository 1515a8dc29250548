namespace Strata.Images;

/// <summary>Copies a whole image chain into a new file of either format, leaving all-zero clusters unwritten.</summary>
public static class ImageConverter
{
    // Large enough to amortize per-call costs, a multiple of every cluster size (at most 2 MiB).
    private const int ChunkSize = 2 * 1024 * 1024;

    // Granularity of zero detection for raw targets, where there is no cluster size.
    private const int RawZeroGranularity = 64 * 1024;

    /// <summary>Creates <paramref name="destination"/> (its size is the source's) and fills it with the source's guest view.</summary>
    public static Task ConvertAsync(DiskImage source, string destination, ImageCreateOptions options, CancellationToken cancellationToken = default) =>
        ConvertAsync(source, destination, options, progress: null, cancellationToken);

    /// <summary>As <see cref="ConvertAsync(DiskImage, string, ImageCreateOptions, CancellationToken)"/>, reporting the fraction done (0 to 1) as it goes.</summary>
    public static async Task ConvertAsync(DiskImage source, string destination, ImageCreateOptions options, IProgress<double>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options = options with { Size = source.VirtualSize };
        DiskImage.Create(destination, options);
        try
        {
            using var target = DiskImage.Open(destination, new ImageOpenOptions { ReadOnly = false, Format = options.Format, IgnoreBacking = true });
            if (target is Qcow2Image qcow2)
                qcow2.WriteBarriers = false; // a half-converted file is useless anyway; one flush at the end suffices
            int granularity = options.Format == ImageFormat.Qcow2 ? options.ClusterSize : RawZeroGranularity;
            byte[] buffer = new byte[ChunkSize];
            for (long offset = 0; offset < source.VirtualSize; offset += ChunkSize)
            {
                int length = (int)Math.Min(ChunkSize, source.VirtualSize - offset);
                await source.ReadAsync(offset, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                int run = -1;
                for (int at = 0; at <= length; at += granularity)
                {
                    bool data = at < length && buffer.AsSpan(at, Math.Min(granularity, length - at)).ContainsAnyExcept((byte)0);
                    if (data && run < 0)
                        run = at;
                    else if (!data && run >= 0)
                    {
                        await target.WriteAsync(offset + run, buffer.AsMemory(run, Math.Min(at, length) - run), cancellationToken).ConfigureAwait(false);
                        run = -1;
                    }
                }
                progress?.Report((double)(offset + length) / source.VirtualSize);
            }
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(destination);
            throw;
        }
    }
}
