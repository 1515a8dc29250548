namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>remote_nonnull_domain</c>. Args of domain_create, destroy, suspend, resume, shutdown, undefine,
/// get_info, get_os_type, get_autostart, get_max_memory, get_max_vcpus, is_active, is_persistent, get_security_label,
/// get_security_label_list; ret of domain_lookup_by_name/uuid/id, define_xml(_flags), create_xml, create_with_flags.
/// </summary>
public sealed record DomainValue(RemoteDomain Dom) : IXdrType<DomainValue>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
    }

    /// <inheritdoc/>
    public static DomainValue Decode(ref XdrReader reader) => new(RemoteDomain.Decode(ref reader));
}
