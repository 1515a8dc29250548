namespace Strata.Protocol;

/// <summary>
/// The ret of node_get_cpu_stats and node_get_memory_stats (the same layout): the statistics the caller asked for
/// (none when it asked only for the count) and how many there are.
/// </summary>
public sealed record NodeGetStatsRet(IReadOnlyList<RemoteNodeStat> Params, int NParams) : IXdrType<NodeGetStatsRet>
{
    /// <summary>Most statistics in one reply (REMOTE_NODE_CPU_STATS_MAX, REMOTE_NODE_MEMORY_STATS_MAX).</summary>
    public const int Max = 16;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Params, Max);
        writer.WriteInt32(NParams);
    }

    /// <inheritdoc/>
    public static NodeGetStatsRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteNodeStat>(Max), reader.ReadInt32());
}

/// <summary>One host statistic on the wire (<c>remote_node_get_cpu_stats</c>, <c>remote_node_get_memory_stats</c>): its field and value.</summary>
public sealed record RemoteNodeStat(string Field, ulong Value) : IXdrType<RemoteNodeStat>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Field, RemoteLimits.StringMax);
        writer.WriteUInt64(Value);
    }

    /// <inheritdoc/>
    public static RemoteNodeStat Decode(ref XdrReader reader) => new(reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt64());
}
