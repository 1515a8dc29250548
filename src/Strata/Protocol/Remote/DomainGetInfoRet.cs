namespace Strata.Protocol;

/// <summary>
/// The ret of domain_get_info (<c>virDomainInfo</c>): state (a <c>virDomainState</c>), memory in KiB, vCPUs and CPU
/// time in nanoseconds. rpcgen sends the <c>unsigned char</c> and <c>unsigned short</c> as full 4-byte words.
/// </summary>
public sealed record DomainGetInfoRet(byte State, ulong MaxMem, ulong Memory, ushort NrVirtCpu, ulong CpuTime)
    : IXdrType<DomainGetInfoRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(State);
        writer.WriteUInt64(MaxMem);
        writer.WriteUInt64(Memory);
        writer.WriteUInt32(NrVirtCpu);
        writer.WriteUInt64(CpuTime);
    }

    /// <inheritdoc/>
    public static DomainGetInfoRet Decode(ref XdrReader reader) => new(
        State: Narrow<byte>(reader.ReadUInt32(), byte.MaxValue, "state"),
        MaxMem: reader.ReadUInt64(),
        Memory: reader.ReadUInt64(),
        NrVirtCpu: Narrow<ushort>(reader.ReadUInt32(), ushort.MaxValue, "nrVirtCpu"),
        CpuTime: reader.ReadUInt64());

    private static T Narrow<T>(uint value, uint max, string field) where T : struct, System.Numerics.INumberBase<T> =>
        value <= max ? T.CreateTruncating(value) : throw new MalformedMessageException($"{field} {value} out of range");
}
