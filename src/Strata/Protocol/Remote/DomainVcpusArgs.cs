namespace Strata.Protocol;

/// <summary>A domain and a vCPU count: the args of domain_set_vcpus.</summary>
public sealed record DomainVcpusArgs(RemoteDomain Dom, uint Nvcpus) : IXdrType<DomainVcpusArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(Nvcpus);
    }

    /// <inheritdoc/>
    public static DomainVcpusArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32());
}
