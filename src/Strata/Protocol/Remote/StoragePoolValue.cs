namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>remote_nonnull_storage_pool</c>. Args of storage_pool_undefine, destroy, get_info,
/// get_autostart, num_of_volumes, is_active, is_persistent; ret of storage_pool_lookup_by_name/uuid/volume,
/// define_xml, create_xml.
/// </summary>
public sealed record StoragePoolValue(RemoteStoragePool Pool) : IXdrType<StoragePoolValue>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer) => Pool.Encode(writer);

    /// <inheritdoc/>
    public static StoragePoolValue Decode(ref XdrReader reader) => new(RemoteStoragePool.Decode(ref reader));
}
