namespace Strata.Protocol;

/// <summary>A storage pool and flags: the args of storage_pool_build, create, delete, refresh and get_xml_desc.</summary>
public sealed record StoragePoolFlagsArgs(RemoteStoragePool Pool, uint Flags) : IXdrType<StoragePoolFlagsArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StoragePoolFlagsArgs Decode(ref XdrReader reader) => new(RemoteStoragePool.Decode(ref reader), reader.ReadUInt32());
}
