namespace Strata.Protocol;

/// <summary>The args of connect_domain_event_callback_register_any: which event, for one domain or (null) all. The ret is an <see cref="IntValue"/> callback id.</summary>
public sealed record DomainEventCallbackRegisterAnyArgs(DomainEventId EventId, RemoteDomain? Dom)
    : IXdrType<DomainEventCallbackRegisterAnyArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32((int)EventId);
        writer.WriteOptional(Dom);
    }

    /// <inheritdoc/>
    public static DomainEventCallbackRegisterAnyArgs Decode(ref XdrReader reader) =>
        new((DomainEventId)reader.ReadInt32(), reader.ReadOptional<RemoteDomain>());
}
