namespace Strata.Images;

/// <summary>Points a qcow2 image at another backing file (<c>qemu-img rebase</c>).</summary>
public static class ImageRebaser
{
    /// <summary>
    /// Changes the backing file of <paramref name="imagePath"/> to <paramref name="newBacking"/> (null: none).
    /// A safe rebase first copies into the image every cluster whose content would otherwise change;
    /// <paramref name="unsafeRebase"/> only rewrites the header, as <c>qemu-img rebase -u</c>.
    /// </summary>
    public static async Task RebaseAsync(string imagePath, string? newBacking, ImageFormat? newBackingFormat, bool unsafeRebase = false, ImageOpenOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImageOpenOptions();
        if (newBacking is not null && newBackingFormat is null)
            throw new ArgumentException("A backing file needs its format, so that it is never probed", nameof(newBackingFormat));
        using var image = DiskImage.Open(imagePath, options with { ReadOnly = false, Format = ImageFormat.Qcow2, IgnoreBacking = unsafeRebase });
        var top = (Qcow2Image)image;
        DiskImage? target = null;
        try
        {
            if (newBacking is not null)
            {
                string resolved = ImageChain.ResolveBacking(image.Path, newBacking);
                target = DiskImage.Open(resolved, options with { ReadOnly = true, Format = newBackingFormat, IgnoreBacking = false });
                for (DiskImage? layer = target; layer is not null; layer = layer.Backing)
                {
                    if (layer.Path == image.Path)
                        throw new BackingChainException($"Rebasing '{imagePath}' onto '{newBacking}' would make its backing chain loop");
                }
            }

            if (!unsafeRebase)
            {
                int clusterSize = top.ClusterSize;
                byte[] old = new byte[clusterSize];
                byte[] next = new byte[clusterSize];
                long clusters = (image.VirtualSize + clusterSize - 1) / clusterSize;
                for (long cluster = 0; cluster < clusters; cluster++)
                {
                    if (await top.IsAllocatedAsync(cluster, cancellationToken).ConfigureAwait(false))
                        continue;
                    long offset = cluster * clusterSize;
                    int length = (int)Math.Min(clusterSize, image.VirtualSize - offset);
                    await image.ReadAsync(offset, old.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    int fromTarget = target is null ? 0 : (int)Math.Clamp(target.VirtualSize - offset, 0, length);
                    if (fromTarget > 0)
                        await target!.ReadAsync(offset, next.AsMemory(0, fromTarget), cancellationToken).ConfigureAwait(false);
                    next.AsSpan(fromTarget, length - fromTarget).Clear();
                    if (!old.AsSpan(0, length).SequenceEqual(next.AsSpan(0, length)))
                        await image.WriteAsync(offset, old.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
                await image.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            await top.SetBackingAsync(newBacking, newBackingFormat, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            target?.Dispose();
        }
    }
}
