namespace Strata.Images;

/// <summary>One internal snapshot of a qcow2 image, as its snapshot table records it.</summary>
public sealed record ImageSnapshot(
    string Id,
    string Name,
    DateTimeOffset Date,
    TimeSpan VmClock,
    long VmStateSize,
    long DiskSize,
    long L1TableOffset,
    int L1Size)
{
    /// <summary>The guest's instruction count when QEMU recorded one (record/replay); null when none was stored.</summary>
    public long? Icount { get; init; }
}
