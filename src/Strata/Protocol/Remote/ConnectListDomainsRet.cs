namespace Strata.Protocol;

/// <summary>The ret of connect_list_domains: ids of running domains.</summary>
public sealed record ConnectListDomainsRet(IReadOnlyList<int> Ids) : IXdrType<ConnectListDomainsRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32Array(Ids, RemoteLimits.DomainListMax);
    }

    /// <inheritdoc/>
    public static ConnectListDomainsRet Decode(ref XdrReader reader) =>
        new(reader.ReadInt32Array(RemoteLimits.DomainListMax));
}
