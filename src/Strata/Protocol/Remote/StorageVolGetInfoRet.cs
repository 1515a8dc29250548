namespace Strata.Protocol;

/// <summary>
/// The ret of storage_vol_get_info and get_info_flags (<c>virStorageVolInfo</c>): type (a <c>virStorageVolType</c>,
/// its <c>char</c> sent as a 4-byte word), capacity and allocation in bytes.
/// </summary>
public sealed record StorageVolGetInfoRet(int Type, ulong Capacity, ulong Allocation) : IXdrType<StorageVolGetInfoRet>
{
    /// <summary><c>VIR_STORAGE_VOL_FILE</c>.</summary>
    public const int File = 0;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Type);
        writer.WriteUInt64(Capacity);
        writer.WriteUInt64(Allocation);
    }

    /// <inheritdoc/>
    public static StorageVolGetInfoRet Decode(ref XdrReader reader) => new(reader.ReadInt32(), reader.ReadUInt64(), reader.ReadUInt64());
}
