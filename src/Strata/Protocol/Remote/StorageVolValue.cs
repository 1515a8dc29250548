namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>remote_nonnull_storage_vol</c>: the args of storage_vol_get_info, get_path and
/// storage_pool_lookup_by_volume; the ret of storage_vol_lookup_by_name/key/path, create_xml, create_xml_from.
/// </summary>
public sealed record StorageVolValue(RemoteStorageVol Vol) : IXdrType<StorageVolValue>, IStorageVolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer) => Vol.Encode(writer);

    /// <inheritdoc/>
    public static StorageVolValue Decode(ref XdrReader reader) => new(RemoteStorageVol.Decode(ref reader));
}
