namespace Strata.Protocol;

/// <summary>A network on the wire (<c>remote_nonnull_network</c>); only kept for the error struct's unused field.</summary>
public sealed record RemoteNetwork(string Name, Guid Uuid) : IXdrType<RemoteNetwork>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Name, RemoteLimits.StringMax);
        writer.WriteUuid(Uuid);
    }

    /// <inheritdoc/>
    public static RemoteNetwork Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadUuid());
}
