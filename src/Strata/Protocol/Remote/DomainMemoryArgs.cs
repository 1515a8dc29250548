namespace Strata.Protocol;

/// <summary>A domain and a memory size in KiB: the args of domain_set_memory and domain_set_max_memory.</summary>
public sealed record DomainMemoryArgs(RemoteDomain Dom, ulong Memory) : IXdrType<DomainMemoryArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt64(Memory);
    }

    /// <inheritdoc/>
    public static DomainMemoryArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt64());
}
