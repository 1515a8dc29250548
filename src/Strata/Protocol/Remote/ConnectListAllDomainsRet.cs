namespace Strata.Protocol;

/// <summary>The ret of connect_list_all_domains: the domains (empty unless asked for) and how many matched.</summary>
public sealed record ConnectListAllDomainsRet(IReadOnlyList<RemoteDomain> Domains, uint Count) : IXdrType<ConnectListAllDomainsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Domains, RemoteLimits.DomainListMax);
        writer.WriteUInt32(Count);
    }

    /// <inheritdoc/>
    public static ConnectListAllDomainsRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteDomain>(RemoteLimits.DomainListMax), reader.ReadUInt32());
}
