namespace Strata.Protocol;

/// <summary>The args of domain_block_stats: the domain and the disk (target or source path; empty for all disks summed).</summary>
public sealed record DomainBlockStatsArgs(RemoteDomain Dom, string Path) : IXdrType<DomainBlockStatsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteString(Path, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static DomainBlockStatsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax));
}

/// <summary>The ret of domain_block_stats (<c>virDomainBlockStatsStruct</c>); -1 where a counter is unknown (errs, always).</summary>
public sealed record DomainBlockStatsRet(long ReadRequests, long ReadBytes, long WriteRequests, long WriteBytes, long Errors) : IXdrType<DomainBlockStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt64(ReadRequests);
        writer.WriteInt64(ReadBytes);
        writer.WriteInt64(WriteRequests);
        writer.WriteInt64(WriteBytes);
        writer.WriteInt64(Errors);
    }

    /// <inheritdoc/>
    public static DomainBlockStatsRet Decode(ref XdrReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
}
