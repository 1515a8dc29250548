namespace Strata.Protocol;

/// <summary>The ret of domain_get_job_stats: the job's type (<c>virDomainJobType</c>) and its figures as typed parameters.</summary>
public sealed record DomainGetJobStatsRet(int Type, IReadOnlyList<TypedParameter> Parameters) : IXdrType<DomainGetJobStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Type);
        TypedParameterXdr.WriteList(writer, Parameters, RemoteLimits.JobStatsParametersMax);
    }

    /// <inheritdoc/>
    public static DomainGetJobStatsRet Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), TypedParameterXdr.ReadList(ref reader, RemoteLimits.JobStatsParametersMax));
}
