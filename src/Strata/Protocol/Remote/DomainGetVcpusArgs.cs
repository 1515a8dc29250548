namespace Strata.Protocol;

/// <summary>The args of domain_get_vcpus: the domain, how many vCPUs the caller takes, and the bytes of each CPU map.</summary>
public sealed record DomainGetVcpusArgs(RemoteDomain Dom, int MaxInfo, int MapLength) : IXdrType<DomainGetVcpusArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteInt32(MaxInfo);
        writer.WriteInt32(MapLength);
    }

    /// <inheritdoc/>
    public static DomainGetVcpusArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadInt32(), reader.ReadInt32());
}
