namespace Strata.Protocol;

/// <summary>The args of storage_vol_create_xml: the pool, the volume XML and flags.</summary>
public sealed record StorageVolCreateXmlArgs(RemoteStoragePool Pool, string Xml, uint Flags) : IXdrType<StorageVolCreateXmlArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteString(Xml, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolCreateXmlArgs Decode(ref XdrReader reader) =>
        new(RemoteStoragePool.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt32());
}
