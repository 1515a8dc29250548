namespace Strata.Protocol;

/// <summary>The args of domain_get_vcpu_pin_info: the domain, how many maps the caller takes, the bytes of each, and flags.</summary>
public sealed record DomainGetVcpuPinInfoArgs(RemoteDomain Dom, int MapCount, int MapLength, uint Flags) : IXdrType<DomainGetVcpuPinInfoArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteInt32(MapCount);
        writer.WriteInt32(MapLength);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainGetVcpuPinInfoArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadInt32(), reader.ReadInt32(), reader.ReadUInt32());
}

/// <summary>The ret of domain_get_vcpu_pin_info: the CPU maps, one per vCPU, and how many vCPUs there are.</summary>
public sealed record DomainGetVcpuPinInfoRet(byte[] CpuMaps, int Count) : IXdrType<DomainGetVcpuPinInfoRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOpaque(CpuMaps, RemoteLimits.CpuMapsMax);
        writer.WriteInt32(Count);
    }

    /// <inheritdoc/>
    public static DomainGetVcpuPinInfoRet Decode(ref XdrReader reader) => new(reader.ReadOpaque(RemoteLimits.CpuMapsMax), reader.ReadInt32());
}
