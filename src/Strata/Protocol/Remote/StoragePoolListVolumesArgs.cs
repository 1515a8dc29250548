namespace Strata.Protocol;

/// <summary>The args of storage_pool_list_volumes: the pool and the most names wanted.</summary>
public sealed record StoragePoolListVolumesArgs(RemoteStoragePool Pool, int MaxNames) : IXdrType<StoragePoolListVolumesArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteInt32(MaxNames);
    }

    /// <inheritdoc/>
    public static StoragePoolListVolumesArgs Decode(ref XdrReader reader) => new(RemoteStoragePool.Decode(ref reader), reader.ReadInt32());
}
