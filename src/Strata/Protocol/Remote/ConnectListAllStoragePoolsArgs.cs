namespace Strata.Protocol;

/// <summary>The args of connect_list_all_storage_pools (flags: <c>virConnectListAllStoragePoolsFlags</c>).</summary>
public sealed record ConnectListAllStoragePoolsArgs(bool NeedResults, uint Flags) : IXdrType<ConnectListAllStoragePoolsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(NeedResults ? 1 : 0);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static ConnectListAllStoragePoolsArgs Decode(ref XdrReader reader) => new(reader.ReadInt32() != 0, reader.ReadUInt32());
}
