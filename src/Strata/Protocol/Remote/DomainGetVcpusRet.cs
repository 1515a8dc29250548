namespace Strata.Protocol;

/// <summary>
/// The ret of domain_get_vcpus: each vCPU (<c>remote_vcpu_info</c>) and their CPU maps, one after the other,
/// <c>maplen</c> bytes each (host CPU c is bit c % 8 of byte c / 8).
/// </summary>
public sealed record DomainGetVcpusRet(IReadOnlyList<RemoteVcpuInfo> Info, byte[] CpuMaps) : IXdrType<DomainGetVcpusRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Info, RemoteLimits.VcpuInfoMax);
        writer.WriteOpaque(CpuMaps, RemoteLimits.CpuMapsMax);
    }

    /// <inheritdoc/>
    public static DomainGetVcpusRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteVcpuInfo>(RemoteLimits.VcpuInfoMax), reader.ReadOpaque(RemoteLimits.CpuMapsMax));
}

/// <summary>One vCPU on the wire (<c>virVcpuInfo</c>): number, state, CPU time in ns, and the host CPU it ran on.</summary>
public sealed record RemoteVcpuInfo(uint Number, int State, ulong CpuTime, int Cpu) : IXdrType<RemoteVcpuInfo>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(Number);
        writer.WriteInt32(State);
        writer.WriteUInt64(CpuTime);
        writer.WriteInt32(Cpu);
    }

    /// <inheritdoc/>
    public static RemoteVcpuInfo Decode(ref XdrReader reader) =>
        new(reader.ReadUInt32(), reader.ReadInt32(), reader.ReadUInt64(), reader.ReadInt32());
}
