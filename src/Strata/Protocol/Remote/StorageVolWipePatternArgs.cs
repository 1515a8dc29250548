namespace Strata.Protocol;

/// <summary>The args of storage_vol_wipe_pattern: the volume, a <c>virStorageVolWipeAlgorithm</c> and flags.</summary>
public sealed record StorageVolWipePatternArgs(RemoteStorageVol Vol, uint Algorithm, uint Flags) : IXdrType<StorageVolWipePatternArgs>, IStorageVolArguments
{
    /// <summary><c>VIR_STORAGE_VOL_WIPE_ALG_ZERO</c>: the only algorithm Strata has.</summary>
    public const uint Zero = 0;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Vol.Encode(writer);
        writer.WriteUInt32(Algorithm);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StorageVolWipePatternArgs Decode(ref XdrReader reader) =>
        new(RemoteStorageVol.Decode(ref reader), reader.ReadUInt32(), reader.ReadUInt32());
}
