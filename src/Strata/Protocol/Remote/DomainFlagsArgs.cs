namespace Strata.Protocol;

/// <summary>
/// A domain and flags: the args of domain_get_xml_desc, reboot, reset, destroy_flags, shutdown_flags, undefine_flags,
/// create_with_flags, get_state, get_vcpus_flags, has_managed_save_image, snapshot_num, get_messages.
/// </summary>
public sealed record DomainFlagsArgs(RemoteDomain Dom, uint Flags) : IXdrType<DomainFlagsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainFlagsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32());
}
