namespace Strata.Protocol;

/// <summary>The args of node_get_cpu_map: whether the caller wants the map of online CPUs and their count, and flags.</summary>
public sealed record NodeGetCpuMapArgs(int NeedMap, int NeedOnline, uint Flags) : IXdrType<NodeGetCpuMapArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(NeedMap);
        writer.WriteInt32(NeedOnline);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static NodeGetCpuMapArgs Decode(ref XdrReader reader) => new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadUInt32());
}

/// <summary>
/// The ret of node_get_cpu_map: the map of online host CPUs (empty unless asked for), how many are online (0 unless
/// asked for), and how many CPUs the host has.
/// </summary>
public sealed record NodeGetCpuMapRet(byte[] CpuMap, uint Online, int Count) : IXdrType<NodeGetCpuMapRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOpaque(CpuMap, RemoteLimits.CpuMapMax);
        writer.WriteUInt32(Online);
        writer.WriteInt32(Count);
    }

    /// <inheritdoc/>
    public static NodeGetCpuMapRet Decode(ref XdrReader reader) => new(reader.ReadOpaque(RemoteLimits.CpuMapMax), reader.ReadUInt32(), reader.ReadInt32());
}
