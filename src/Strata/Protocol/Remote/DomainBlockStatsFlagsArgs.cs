namespace Strata.Protocol;

/// <summary>
/// The args of domain_block_stats_flags: the domain, the disk (target or source path; empty for all disks summed),
/// how many parameters the caller takes (0: only how many there are) and flags (<c>VIR_TYPED_PARAM_STRING_OKAY</c>).
/// </summary>
public sealed record DomainBlockStatsFlagsArgs(RemoteDomain Dom, string Path, int ParameterCount, uint Flags) : IXdrType<DomainBlockStatsFlagsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteString(Path, RemoteLimits.StringMax);
        writer.WriteInt32(ParameterCount);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainBlockStatsFlagsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax), reader.ReadInt32(), reader.ReadUInt32());
}

/// <summary>
/// The ret of domain_block_stats_flags: the counters as typed parameters and, when the caller asked for none, how many
/// there are (libvirtd sends 0 beside the parameters themselves).
/// </summary>
public sealed record DomainBlockStatsFlagsRet(IReadOnlyList<TypedParameter> Parameters, int ParameterCount) : IXdrType<DomainBlockStatsFlagsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        TypedParameterXdr.WriteList(writer, Parameters, RemoteLimits.BlockStatsParametersMax);
        writer.WriteInt32(ParameterCount);
    }

    /// <inheritdoc/>
    public static DomainBlockStatsFlagsRet Decode(ref XdrReader reader) =>
        new(TypedParameterXdr.ReadList(ref reader, RemoteLimits.BlockStatsParametersMax), reader.ReadInt32());
}
