namespace Strata.Protocol;

/// <summary>The args of storage_pool_set_autostart.</summary>
public sealed record StoragePoolSetAutostartArgs(RemoteStoragePool Pool, bool Autostart) : IXdrType<StoragePoolSetAutostartArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteInt32(Autostart ? 1 : 0);
    }

    /// <inheritdoc/>
    public static StoragePoolSetAutostartArgs Decode(ref XdrReader reader) => new(RemoteStoragePool.Decode(ref reader), reader.ReadInt32() != 0);
}
