namespace Strata.Images;

/// <summary>What a new image looks like.</summary>
public sealed record ImageCreateOptions
{
    /// <summary>QEMU's default cluster size: large enough for small metadata, small enough for cheap copy-on-write.</summary>
    public const int DefaultClusterSize = 64 * 1024;

    /// <summary>The format of the new file.</summary>
    public ImageFormat Format { get; init; } = ImageFormat.Qcow2;

    /// <summary>The disk size the guest sees, in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>qcow2 cluster size in bytes: a power of two from 512 B to 2 MiB.</summary>
    public int ClusterSize { get; init; } = DefaultClusterSize;

    /// <summary>The backing file as stored in the header (relative paths are relative to the new image's directory).</summary>
    public string? BackingFile { get; init; }

    /// <summary>The backing file's format, stored in a header extension so that it is never probed.</summary>
    public ImageFormat? BackingFormat { get; init; }
}
