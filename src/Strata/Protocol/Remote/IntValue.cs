namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>int</c>, a shape remote_protocol.x repeats: the args of supports_feature (feature),
/// list_domains (maxids), list_defined_domains (maxnames), lookup_by_id (id), domain_event_register_any (eventID),
/// domain_event_callback_deregister_any (callbackID); the ret of supports_feature (supported), num_of_domains and
/// num_of_defined_domains (num), is_active (active), is_persistent (persistent), get_autostart (autostart),
/// has_managed_save_image (result), snapshot_num (num), domain_event_callback_register_any (callbackID);
/// the connect_event_connection_closed message (reason).
/// </summary>
public sealed record IntValue(int Value) : IXdrType<IntValue>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Value);
    }

    /// <inheritdoc/>
    public static IntValue Decode(ref XdrReader reader) => new(reader.ReadInt32());
}
