namespace Strata.Protocol;

/// <summary>A storage volume and flags: the args of storage_vol_delete, wipe, get_xml_desc and get_info_flags.</summary>
public sealed record StorageVolFlagsArgs(RemoteStorageVol Vol, uint Flags) : IXdrType<StorageVolFlagsArgs>, IStorageVolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Vol.Encode(writer);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolFlagsArgs Decode(ref XdrReader reader) => new(RemoteStorageVol.Decode(ref reader), reader.ReadUInt32());
}
