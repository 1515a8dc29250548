namespace Strata.Protocol;

/// <summary>The ret of storage_pool_list_all_volumes: the volumes (empty unless asked for) and how many there are.</summary>
public sealed record StoragePoolListAllVolumesRet(IReadOnlyList<RemoteStorageVol> Vols, uint Count) : IXdrType<StoragePoolListAllVolumesRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Vols, RemoteLimits.StorageVolListMax);
        writer.WriteUInt32(Count);
    }

    /// <inheritdoc/>
    public static StoragePoolListAllVolumesRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteStorageVol>(RemoteLimits.StorageVolListMax), reader.ReadUInt32());
}
