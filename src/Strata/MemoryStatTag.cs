namespace Strata;

/// <summary>What a memory statistic measures (libvirt's <c>virDomainMemoryStatTags</c>, the ones virsh dommemstat names).</summary>
public enum MemoryStatTag
{
    SwapIn = 0,
    SwapOut = 1,
    MajorFault = 2,
    MinorFault = 3,
    Unused = 4,
    Available = 5,
    ActualBalloon = 6,
    Rss = 7,
    Usable = 8,
    LastUpdate = 9,
    DiskCaches = 10,
    HugetlbPageAlloc = 11,
    HugetlbPageFail = 12,
}

/// <summary>One memory statistic of a running domain: what it measures and its value (KiB for sizes).</summary>
public sealed record MemoryStat(MemoryStatTag Tag, ulong Value)
{
    /// <summary>The name virsh dommemstat prints for the tag.</summary>
    public string Name => Tag switch
    {
        MemoryStatTag.SwapIn => "swap_in",
        MemoryStatTag.SwapOut => "swap_out",
        MemoryStatTag.MajorFault => "major_fault",
        MemoryStatTag.MinorFault => "minor_fault",
        MemoryStatTag.Unused => "unused",
        MemoryStatTag.Available => "available",
        MemoryStatTag.ActualBalloon => "actual",
        MemoryStatTag.Rss => "rss",
        MemoryStatTag.Usable => "usable",
        MemoryStatTag.LastUpdate => "last_update",
        MemoryStatTag.DiskCaches => "disk_caches",
        MemoryStatTag.HugetlbPageAlloc => "hugetlb_pgalloc",
        MemoryStatTag.HugetlbPageFail => "hugetlb_pgfail",
        _ => $"unknown_{(int)Tag}",
    };
}
