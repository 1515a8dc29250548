namespace Strata;

/// <summary>
/// The groups of domain statistics a caller asks for (libvirt's <c>virDomainStatsTypes</c>). None means every group
/// the driver gathers; Strata's own drivers gather <see cref="Gathered"/>, a real libvirtd (through the remote
/// driver) the others too.
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
    Perf = 1 << 6,
    IoThread = 1 << 7,
    Memory = 1 << 8,
    DirtyRate = 1 << 9,
    Vm = 1 << 10,
    Gathered = State | CpuTotal | Balloon | Vcpu | Interface | Block,
}

/// <summary>How a request for statistics maps onto the groups Strata's drivers gather.</summary>
public static class DomainStatsRequest
{
    /// <summary><c>VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS</c>: a group the daemon does not gather is an error.</summary>
    public const uint EnforceFlag = 1U << 31;

    /// <summary>
    /// The groups to gather for <paramref name="asked"/> (none: all). Groups Strata does not gather are left out, or
    /// with <paramref name="enforce"/> refused as libvirt refuses them; null if only such groups were asked for, so a
    /// record has nothing in it.
    /// </summary>
    public static DomainStatsGroups? Select(DomainStatsGroups asked, bool enforce)
    {
        var unsupported = asked & ~DomainStatsGroups.Gathered;
        if (unsupported != 0 && enforce)
            throw new StrataException(ErrorCode.ArgumentUnsupported, $"argument unsupported: Stats types bits 0x{(uint)unsupported:x} are not supported by this daemon");
        if (asked == DomainStatsGroups.None)
            return DomainStatsGroups.Gathered;
        var gathered = asked & DomainStatsGroups.Gathered;
        return gathered == DomainStatsGroups.None ? null : gathered;
    }
}
