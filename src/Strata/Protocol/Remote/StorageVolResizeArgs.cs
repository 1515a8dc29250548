namespace Strata.Protocol;

/// <summary>The args of storage_vol_resize: the volume, the capacity in bytes and <c>virStorageVolResizeFlags</c>.</summary>
public sealed record StorageVolResizeArgs(RemoteStorageVol Vol, ulong Capacity, uint Flags) : IXdrType<StorageVolResizeArgs>, IStorageVolArguments
{
    /// <summary><c>VIR_STORAGE_VOL_RESIZE_ALLOCATE</c>: allocate the new space up front.</summary>
    public const uint Allocate = 1 << 0;

    /// <summary><c>VIR_STORAGE_VOL_RESIZE_DELTA</c>: the capacity is a change of the current one.</summary>
    public const uint Delta = 1 << 1;

    /// <summary><c>VIR_STORAGE_VOL_RESIZE_SHRINK</c>: the volume may get smaller (with Delta: the change is subtracted).</summary>
    public const uint Shrink = 1 << 2;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Vol.Encode(writer);
        writer.WriteUInt64(Capacity);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolResizeArgs Decode(ref XdrReader reader) =>
        new(RemoteStorageVol.Decode(ref reader), reader.ReadUInt64(), reader.ReadUInt32());
}
