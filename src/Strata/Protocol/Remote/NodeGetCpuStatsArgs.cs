namespace Strata.Protocol;

/// <summary>
/// The args of node_get_cpu_stats: which CPU (-1 for all of them), how many statistics the caller takes (0 asks only
/// how many there are), and flags (none defined).
/// </summary>
public sealed record NodeGetCpuStatsArgs(int CpuNum, int NParams, uint Flags) : IXdrType<NodeGetCpuStatsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(CpuNum);
        writer.WriteInt32(NParams);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static NodeGetCpuStatsArgs Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadUInt32());
}
