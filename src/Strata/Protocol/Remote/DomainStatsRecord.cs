namespace Strata.Protocol;

/// <summary>One domain's statistics on the wire (<c>remote_domain_stats_record</c>): the domain and its typed parameters.</summary>
public sealed record DomainStatsRecord(RemoteDomain Dom, IReadOnlyList<TypedParameter> Parameters) : IXdrType<DomainStatsRecord>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        TypedParameterXdr.WriteList(writer, Parameters, RemoteLimits.DomainStatsParametersMax);
    }

    /// <inheritdoc/>
    public static DomainStatsRecord Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), TypedParameterXdr.ReadList(ref reader, RemoteLimits.DomainStatsParametersMax));
}
