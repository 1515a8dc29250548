namespace Strata.Protocol;

/// <summary>The args of storage_vol_create_xml_from: the pool, the new volume's XML, the volume to copy, and flags.</summary>
public sealed record StorageVolCreateXmlFromArgs(RemoteStoragePool Pool, string Xml, RemoteStorageVol CloneVol, uint Flags)
    : IXdrType<StorageVolCreateXmlFromArgs>, IStoragePoolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Pool.Encode(writer);
        writer.WriteString(Xml, RemoteLimits.StringMax);
        CloneVol.Encode(writer);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolCreateXmlFromArgs Decode(ref XdrReader reader) =>
        new(RemoteStoragePool.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax), RemoteStorageVol.Decode(ref reader), reader.ReadUInt32());
}
