namespace Strata.Protocol;

/// <summary>
/// The args of domain_get_cpu_stats: how many parameters per CPU the caller has room for (0: only ask how many), the
/// first host CPU (-1: the domain's total instead) and how many CPUs.
/// </summary>
public sealed record DomainGetCpuStatsArgs(RemoteDomain Dom, uint ParameterCount, int StartCpu, uint CpuCount, uint Flags) : IXdrType<DomainGetCpuStatsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(ParameterCount);
        writer.WriteInt32(StartCpu);
        writer.WriteUInt32(CpuCount);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainGetCpuStatsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32(), reader.ReadInt32(), reader.ReadUInt32(), reader.ReadUInt32());
}

/// <summary>The ret of domain_get_cpu_stats: the parameters, and how many there are per CPU.</summary>
public sealed record DomainGetCpuStatsRet(IReadOnlyList<TypedParameter> Parameters, int ParameterCount) : IXdrType<DomainGetCpuStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        TypedParameterXdr.WriteList(writer, Parameters, RemoteLimits.CpuStatsMax);
        writer.WriteInt32(ParameterCount);
    }

    /// <inheritdoc/>
    public static DomainGetCpuStatsRet Decode(ref XdrReader reader) =>
        new(TypedParameterXdr.ReadList(ref reader, RemoteLimits.CpuStatsMax), reader.ReadInt32());
}
