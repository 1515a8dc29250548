namespace Strata.Protocol;

/// <summary>The domain_event_callback_lifecycle message: the lifecycle event for the client's registration <see cref="CallbackId"/>.</summary>
public sealed record DomainEventCallbackLifecycleMsg(int CallbackId, DomainEventLifecycleMsg Msg)
    : IXdrType<DomainEventCallbackLifecycleMsg>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(CallbackId);
        Msg.Encode(writer);
    }

    /// <inheritdoc/>
    public static DomainEventCallbackLifecycleMsg Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), DomainEventLifecycleMsg.Decode(ref reader));
}
