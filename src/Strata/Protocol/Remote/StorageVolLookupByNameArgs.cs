namespace Strata.Protocol;

/// <summary>The args of storage_vol_lookup_by_name: the pool and the volume's name.</summary>
public sealed record StorageVolLookupByNameArgs(RemoteStoragePool Pool, string Name) : IXdrType<StorageVolLookupByNameArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteString(Name, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static StorageVolLookupByNameArgs Decode(ref XdrReader reader) =>
        new(RemoteStoragePool.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax));
}
