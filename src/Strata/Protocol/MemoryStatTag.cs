namespace Strata.Protocol;

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
