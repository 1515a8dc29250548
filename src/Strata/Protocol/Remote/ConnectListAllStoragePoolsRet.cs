namespace Strata.Protocol;

/// <summary>The ret of connect_list_all_storage_pools: the pools (empty unless asked for) and how many matched.</summary>
public sealed record ConnectListAllStoragePoolsRet(IReadOnlyList<RemoteStoragePool> Pools, uint Count) : IXdrType<ConnectListAllStoragePoolsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Pools, RemoteLimits.StoragePoolListMax);
        writer.WriteUInt32(Count);
    }

    /// <inheritdoc/>
    public static ConnectListAllStoragePoolsRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteStoragePool>(RemoteLimits.StoragePoolListMax), reader.ReadUInt32());
}
