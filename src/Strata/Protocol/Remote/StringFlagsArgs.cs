namespace Strata.Protocol;

/// <summary>
/// A string and flags: the args of domain_define_xml_flags (xml, flags) and domain_create_xml (xml_desc, flags).
/// </summary>
public sealed record StringFlagsArgs(string Value, uint Flags) : IXdrType<StringFlagsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Value, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static StringFlagsArgs Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt32());
}
