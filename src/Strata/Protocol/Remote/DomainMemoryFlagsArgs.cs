namespace Strata.Protocol;

/// <summary>A domain, a memory size in KiB and flags: the args of domain_set_memory_flags.</summary>
public sealed record DomainMemoryFlagsArgs(RemoteDomain Dom, ulong Memory, uint Flags) : IXdrType<DomainMemoryFlagsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt64(Memory);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainMemoryFlagsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt64(), reader.ReadUInt32());
}
