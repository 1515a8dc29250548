namespace Strata.Protocol;

/// <summary>The args of connect_list_all_domains; with <see cref="NeedResults"/> false only the count is wanted.</summary>
public sealed record ConnectListAllDomainsArgs(bool NeedResults, ListAllDomainsFlags Flags) : IXdrType<ConnectListAllDomainsArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(NeedResults ? 1 : 0);
        writer.WriteUInt32((uint)Flags);
    }

    /// <inheritdoc/>
    public static ConnectListAllDomainsArgs Decode(ref XdrReader reader) =>
        new(reader.ReadInt32() != 0, (ListAllDomainsFlags)reader.ReadUInt32());
}
