namespace Strata.Protocol;

/// <summary>The args of storage_pool_list_all_volumes; with <see cref="NeedResults"/> false only the count is wanted.</summary>
public sealed record StoragePoolListAllVolumesArgs(RemoteStoragePool Pool, bool NeedResults, uint Flags) : IXdrType<StoragePoolListAllVolumesArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteInt32(NeedResults ? 1 : 0);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StoragePoolListAllVolumesArgs Decode(ref XdrReader reader) =>
        new(RemoteStoragePool.Decode(ref reader), reader.ReadInt32() != 0, reader.ReadUInt32());
}
