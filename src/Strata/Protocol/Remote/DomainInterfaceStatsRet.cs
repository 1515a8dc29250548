namespace Strata.Protocol;

/// <summary>The ret of domain_interface_stats (<c>virDomainInterfaceStatsStruct</c>): received, then sent, counters; -1 where unknown.</summary>
public sealed record DomainInterfaceStatsRet(
    long RxBytes, long RxPackets, long RxErrors, long RxDrops,
    long TxBytes, long TxPackets, long TxErrors, long TxDrops) : IXdrType<DomainInterfaceStatsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (long counter in (long[])[RxBytes, RxPackets, RxErrors, RxDrops, TxBytes, TxPackets, TxErrors, TxDrops])
            writer.WriteInt64(counter);
    }

    /// <inheritdoc/>
    public static DomainInterfaceStatsRet Decode(ref XdrReader reader) => new(
        reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
        reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
}
