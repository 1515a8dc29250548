namespace Strata.Protocol;

/// <summary>The args of domain_get_block_info: the domain, the disk (target or source path) and flags (none defined).</summary>
public sealed record DomainGetBlockInfoArgs(RemoteDomain Dom, string Path, uint Flags) : IXdrType<DomainGetBlockInfoArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteString(Path, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainGetBlockInfoArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt32());
}

/// <summary>The ret of domain_get_block_info (<c>virDomainBlockInfo</c>), in bytes, in the wire's order.</summary>
public sealed record DomainGetBlockInfoRet(ulong Allocation, ulong Capacity, ulong Physical) : IXdrType<DomainGetBlockInfoRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt64(Allocation);
        writer.WriteUInt64(Capacity);
        writer.WriteUInt64(Physical);
    }

    /// <inheritdoc/>
    public static DomainGetBlockInfoRet Decode(ref XdrReader reader) => new(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
}
