namespace Strata.Images;

/// <summary>How <see cref="ImageConverter"/> runs: progress reports, compression and whether the result is made durable.</summary>
public sealed record ImageConvertOptions
{
    /// <summary>Receives the fraction done, from 0 to 1, as the copy goes.</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>
    /// Flushes the new file to disk before returning (the default). <c>qemu-img convert</c> does not by default
    /// (its cache mode "unsafe"): the page cache writes it back later, and a crash meanwhile loses the copy.
    /// </summary>
    public bool Flush { get; init; } = true;

    /// <summary>
    /// Stores each data cluster deflated, as <c>qemu-img convert -c</c> (qcow2 output only); a cluster that does not
    /// shrink is stored as it is.
    /// </summary>
    public bool Compress { get; init; }

    /// <summary>
    /// Writes the data with O_DIRECT, around the page cache, as qemu-img's cache modes "none" and "directsync" do.
    /// Off by default, as in qemu-img: on a quiet machine the page cache takes a copy faster than the disk does
    /// (bench/img: 0.15 s against 0.36 s for 512 MiB), while on a busy one, where every new page costs a trip to
    /// the hypervisor, direct writes can be several times faster.
    /// </summary>
    public bool DirectWrites { get; init; }
}
