namespace Strata.Protocol;

/// <summary>The ret of node_get_info (<c>virNodeInfo</c>); memory in KiB, model a <c>char[32]</c> sent as 32 XDR chars.</summary>
public sealed record NodeGetInfoRet(
    string Model, ulong Memory, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads) : IXdrType<NodeGetInfoRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteFixedCharString(Model, RemoteLimits.NodeModelLength);
        writer.WriteUInt64(Memory);
        writer.WriteInt32(Cpus);
        writer.WriteInt32(Mhz);
        writer.WriteInt32(Nodes);
        writer.WriteInt32(Sockets);
        writer.WriteInt32(Cores);
        writer.WriteInt32(Threads);
    }

    /// <inheritdoc/>
    public static NodeGetInfoRet Decode(ref XdrReader reader) => new(
        reader.ReadFixedCharString(RemoteLimits.NodeModelLength),
        reader.ReadUInt64(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32());
}
