namespace Strata.Images;

/// <summary>Writes the clusters an overlay holds into its backing file (<c>qemu-img commit -d</c>: the overlay is left as it was).</summary>
public static class ImageCommitter
{
    /// <summary>Commits the qcow2 overlay at <paramref name="overlayPath"/> into its immediate backing file.</summary>
    public static async Task CommitAsync(string overlayPath, ImageOpenOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImageOpenOptions();
        using var overlay = DiskImage.Open(overlayPath, options with { ReadOnly = true });
        if (overlay is not Qcow2Image top || overlay.Backing is null)
            throw new OperationInvalidException($"'{overlayPath}' has no backing file to commit into");
        using var backing = DiskImage.Open(overlay.Backing.Path, options with { ReadOnly = false, Format = overlay.Backing.Format });
        if (backing.VirtualSize < overlay.VirtualSize)
            await backing.ResizeAsync(overlay.VirtualSize, cancellationToken).ConfigureAwait(false);

        int clusterSize = top.ClusterSize;
        long clusters = (overlay.VirtualSize + clusterSize - 1) / clusterSize;
        byte[] buffer = new byte[clusterSize];
        for (long cluster = 0; cluster < clusters; cluster++)
        {
            if (!await top.IsAllocatedAsync(cluster, cancellationToken).ConfigureAwait(false))
                continue;
            long offset = cluster * clusterSize;
            int length = (int)Math.Min(clusterSize, overlay.VirtualSize - offset);
            await overlay.ReadAsync(offset, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await backing.WriteAsync(offset, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        await backing.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
