namespace Strata.Protocol;

/// <summary>A domain, a vCPU count and flags: the args of domain_set_vcpus_flags.</summary>
public sealed record DomainVcpusFlagsArgs(RemoteDomain Dom, uint Nvcpus, uint Flags) : IXdrType<DomainVcpusFlagsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(Nvcpus);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainVcpusFlagsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32(), reader.ReadUInt32());
}
