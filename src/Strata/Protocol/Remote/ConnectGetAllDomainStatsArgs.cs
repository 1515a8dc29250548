namespace Strata.Protocol;

/// <summary>
/// The args of connect_get_all_domain_stats: the domains (none: every domain the flags select, as
/// <c>virConnectGetAllDomainStats</c>; some: those, as <c>virDomainListGetStats</c>), the groups
/// (<c>virDomainStatsTypes</c>) and flags (<c>virConnectGetAllDomainStatsFlags</c>).
/// </summary>
public sealed record ConnectGetAllDomainStatsArgs(IReadOnlyList<RemoteDomain> Doms, uint Stats, uint Flags) : IXdrType<ConnectGetAllDomainStatsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Doms, RemoteLimits.DomainListMax);
        writer.WriteUInt32(Stats);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static ConnectGetAllDomainStatsArgs Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteDomain>(RemoteLimits.DomainListMax), reader.ReadUInt32(), reader.ReadUInt32());
}
