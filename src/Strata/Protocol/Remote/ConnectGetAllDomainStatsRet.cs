namespace Strata.Protocol;

/// <summary>The ret of connect_get_all_domain_stats: one record per domain (<c>retStats</c>).</summary>
public sealed record ConnectGetAllDomainStatsRet(IReadOnlyList<DomainStatsRecord> Records) : IXdrType<ConnectGetAllDomainStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Records, RemoteLimits.DomainListMax);
    }

    /// <inheritdoc/>
    public static ConnectGetAllDomainStatsRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<DomainStatsRecord>(RemoteLimits.DomainListMax));
}
