namespace Strata.Protocol;

/// <summary>The args of storage_vol_upload and storage_vol_download: the volume, where to start, how much (0: to the end) and flags.</summary>
public sealed record StorageVolTransferArgs(RemoteStorageVol Vol, ulong Offset, ulong Length, uint Flags) : IXdrType<StorageVolTransferArgs>, IStorageVolArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Vol.Encode(writer);
        writer.WriteUInt64(Offset);
        writer.WriteUInt64(Length);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolTransferArgs Decode(ref XdrReader reader) =>
        new(RemoteStorageVol.Decode(ref reader), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt32());
}
