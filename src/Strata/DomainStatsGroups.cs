namespace Strata;

/// <summary>
/// The groups of domain statistics a caller asks for (libvirt's <c>virDomainStatsTypes</c>, the ones Strata
/// gathers). None means every group the driver knows.
/// </summary>
[Flags]
public enum DomainStatsGroups : uint
{
    None = 0,
    State = 1 << 0,
    CpuTotal = 1 << 1,
    Balloon = 1 << 2,
    Vcpu = 1 << 3,
    Interface = 1 << 4,
    Block = 1 << 5,
    All = State | CpuTotal | Balloon | Vcpu | Interface | Block,
}

/// <summary>How a request for statistics in libvirt's bits (<c>virDomainStatsTypes</c>) maps onto the groups Strata gathers.</summary>
public static class DomainStatsRequest
{
    /// <summary>
    /// The groups to gather for <paramref name="stats"/> (0: all). Bits of groups Strata does not gather are left
    /// out, or with <paramref name="enforce"/> refused as libvirt refuses them; null if only such groups were asked
    /// for, so a record has nothing in it.
    /// </summary>
    public static DomainStatsGroups? Select(uint stats, bool enforce)
    {
        uint unsupported = stats & ~(uint)DomainStatsGroups.All;
        if (unsupported != 0 && enforce)
            throw new StrataException(ErrorCode.ArgumentUnsupported, $"argument unsupported: Stats types bits 0x{unsupported:x} are not supported by this daemon");
        var groups = (DomainStatsGroups)(stats & (uint)DomainStatsGroups.All);
        return groups == DomainStatsGroups.None && stats != 0 ? null : groups;
    }
}
