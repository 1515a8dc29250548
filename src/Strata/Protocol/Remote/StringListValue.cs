namespace Strata.Protocol;

/// <summary>
/// A struct of one string array: the ret of connect_list_defined_domains (names, at most
/// <see cref="RemoteLimits.DomainListMax"/>) and domain_get_messages (msgs).
/// </summary>
public sealed record StringListValue(IReadOnlyList<string> Values) : IXdrType<StringListValue>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringArray(Values, RemoteLimits.DomainListMax, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static StringListValue Decode(ref XdrReader reader) =>
        new(reader.ReadStringArray(RemoteLimits.DomainListMax, RemoteLimits.StringMax));
}
