namespace Strata.Protocol;

/// <summary>The ret of domain_memory_stats: tagged values (<c>remote_domain_memory_stat</c>, tags of <see cref="MemoryStatTag"/>).</summary>
public sealed record DomainMemoryStatsRet(IReadOnlyList<RemoteMemoryStat> Stats) : IXdrType<DomainMemoryStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Stats, RemoteLimits.MemoryStatsMax);
    }

    /// <inheritdoc/>
    public static DomainMemoryStatsRet Decode(ref XdrReader reader) => new(reader.ReadArray<RemoteMemoryStat>(RemoteLimits.MemoryStatsMax));
}

/// <summary>One memory statistic on the wire (<c>remote_domain_memory_stat</c>): its tag and value.</summary>
public sealed record RemoteMemoryStat(MemoryStatTag Tag, ulong Value) : IXdrType<RemoteMemoryStat>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32((int)Tag);
        writer.WriteUInt64(Value);
    }

    /// <inheritdoc/>
    public static RemoteMemoryStat Decode(ref XdrReader reader) => new((MemoryStatTag)reader.ReadInt32(), reader.ReadUInt64());
}
