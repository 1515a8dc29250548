namespace Strata.Images;

/// <summary>What <c>qemu-img info</c> tells about one image of a chain.</summary>
public sealed record ImageInfo
{
    public required string Path { get; init; }
    public required ImageFormat Format { get; init; }
    public required long VirtualSize { get; init; }

    /// <summary>Bytes the file occupies on disk (allocated blocks, not its length).</summary>
    public required long ActualSize { get; init; }

    /// <summary>qcow2 cluster size; null for raw.</summary>
    public int? ClusterSize { get; init; }

    /// <summary>qcow2 header version: 2 ("0.10") or 3 ("1.1").</summary>
    public int? Version { get; init; }
    public int? RefcountBits { get; init; }
    public string? BackingFile { get; init; }
    public ImageFormat? BackingFormat { get; init; }

    /// <summary>The backing file's full path, resolved against the image's directory.</summary>
    public string? FullBackingPath { get; init; }
    public bool Dirty { get; init; }
    public bool Corrupt { get; init; }
    public bool LazyRefcounts { get; init; }
    public IReadOnlyList<ImageSnapshot> Snapshots { get; init; } = [];
}
