namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>remote_nonnull_string</c>: the args of domain_lookup_by_name (name), domain_define_xml (xml);
/// the ret of connect_get_type (type), connect_get_hostname (hostname), connect_get_uri (uri), connect_get_sysinfo,
/// connect_get_capabilities and connect_get_domain_capabilities (capabilities), domain_get_xml_desc (xml),
/// domain_get_os_type (type), domain_get_metadata (metadata).
/// </summary>
public sealed record StringValue(string Value) : IXdrType<StringValue>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Value, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static StringValue Decode(ref XdrReader reader) => new(reader.ReadString(RemoteLimits.StringMax));
}
