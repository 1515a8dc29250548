namespace Strata.Protocol;

/// <summary>The args of domain_memory_stats: the domain, the most statistics the caller takes, and flags (none defined).</summary>
public sealed record DomainMemoryStatsArgs(RemoteDomain Dom, uint MaxStats, uint Flags) : IXdrType<DomainMemoryStatsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(MaxStats);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainMemoryStatsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32(), reader.ReadUInt32());
}
