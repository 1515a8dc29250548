using Strata.Images;

namespace Strata.Pools;

/// <summary>A volume as the pool sees it now: what <c>vol-info</c>, <c>vol-list --details</c> and <c>vol-dumpxml</c> show.</summary>
public sealed record VolumeInfo
{
    public required VolumeRef Volume { get; init; }
    public VolumeType Type { get; init; } = VolumeType.File;
    public required ImageFormat Format { get; init; }

    /// <summary>The size the guest sees, in bytes.</summary>
    public required ulong Capacity { get; init; }

    /// <summary>Bytes the file occupies on disk.</summary>
    public required ulong Allocation { get; init; }

    /// <summary>The file's length in bytes; null where there is no file (the test driver's volumes).</summary>
    public ulong? Physical { get; init; }

    /// <summary>qcow2's header version as libvirt names it ("1.1" for version 3, "0.10" for 2); null for raw.</summary>
    public string? Compat { get; init; }

    /// <summary>qcow2's cluster size in bytes; null for raw.</summary>
    public int? ClusterSize { get; init; }

    /// <summary>qcow2 version 3's lazy_refcounts feature.</summary>
    public bool LazyRefcounts { get; init; }

    public string? BackingPath { get; init; }
    public ImageFormat? BackingFormat { get; init; }

    /// <summary>The file's mode, owner, group and times, for the XML; null when the file could not be looked at.</summary>
    public FileStatus? Status { get; init; }

    /// <summary>The backing file's, when there is one.</summary>
    public FileStatus? BackingStatus { get; init; }
}
