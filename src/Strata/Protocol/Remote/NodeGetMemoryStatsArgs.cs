namespace Strata.Protocol;

/// <summary>
/// The args of node_get_memory_stats: how many statistics the caller takes (0 asks only how many there are), which
/// NUMA cell (-1 for the whole host), and flags (none defined).
/// </summary>
public sealed record NodeGetMemoryStatsArgs(int NParams, int CellNum, uint Flags) : IXdrType<NodeGetMemoryStatsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(NParams);
        writer.WriteInt32(CellNum);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static NodeGetMemoryStatsArgs Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadUInt32());
}
