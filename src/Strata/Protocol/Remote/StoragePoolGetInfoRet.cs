namespace Strata.Protocol;

/// <summary>
/// The ret of storage_pool_get_info (<c>virStoragePoolInfo</c>): state (a <c>virStoragePoolState</c>, its
/// <c>unsigned char</c> sent as a 4-byte word) and sizes in bytes.
/// </summary>
public sealed record StoragePoolGetInfoRet(uint State, ulong Capacity, ulong Allocation, ulong Available) : IXdrType<StoragePoolGetInfoRet>
{
    /// <summary><c>VIR_STORAGE_POOL_INACTIVE</c>.</summary>
    public const uint Inactive = 0;

    /// <summary><c>VIR_STORAGE_POOL_RUNNING</c>.</summary>
    public const uint Running = 2;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(State);
        writer.WriteUInt64(Capacity);
        writer.WriteUInt64(Allocation);
        writer.WriteUInt64(Available);
    }

    /// <inheritdoc/>
    public static StoragePoolGetInfoRet Decode(ref XdrReader reader)
    {
        uint state = reader.ReadUInt32();
        if (state > byte.MaxValue)
            throw new MalformedMessageException($"pool state {state} out of range");
        return new(state, reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
    }
}
