namespace Strata.Protocol;

/// <summary>The domain_event_callback_reboot message: the guest rebooted.</summary>
public sealed record DomainEventCallbackRebootMsg(int CallbackId, RemoteDomain Dom) : IXdrType<DomainEventCallbackRebootMsg>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(CallbackId);
        Dom.Encode(writer);
    }

    /// <inheritdoc/>
    public static DomainEventCallbackRebootMsg Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), RemoteDomain.Decode(ref reader));
}
