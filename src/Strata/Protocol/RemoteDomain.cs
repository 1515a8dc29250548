namespace Strata.Protocol;

/// <summary>A domain on the wire (<c>remote_nonnull_domain</c>): name, UUID and id (-1 when not running).</summary>
public sealed record RemoteDomain(string Name, Guid Uuid, int Id) : IXdrType<RemoteDomain>
{
    /// <summary>The id libvirt sends for a domain that is not running.</summary>
    public const int InactiveId = -1;

    /// <summary>The wire form of a library domain identity.</summary>
    public static RemoteDomain From(DomainRef domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new(domain.Name, domain.Uuid, domain.Id);
    }

    /// <summary>The library's domain identity for this wire domain.</summary>
    public DomainRef ToDomainRef() => new(Name, Uuid, Id);

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Name, RemoteLimits.StringMax);
        writer.WriteUuid(Uuid);
        writer.WriteInt32(Id);
    }

    /// <inheritdoc/>
    public static RemoteDomain Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadUuid(), reader.ReadInt32());
}
