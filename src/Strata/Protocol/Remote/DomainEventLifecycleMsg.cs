namespace Strata.Protocol;

/// <summary>
/// A lifecycle event (<c>remote_domain_event_lifecycle_msg</c>, also sent alone as domain_event_lifecycle to old
/// clients): a <c>virDomainEventType</c> and its detail.
/// </summary>
public sealed record DomainEventLifecycleMsg(RemoteDomain Dom, int Event, int Detail) : IXdrType<DomainEventLifecycleMsg>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteInt32(Event);
        writer.WriteInt32(Detail);
    }

    /// <inheritdoc/>
    public static DomainEventLifecycleMsg Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadInt32(), reader.ReadInt32());
}
