namespace Strata.Protocol;

/// <summary>A struct of one <c>remote_uuid</c>: the args of domain_lookup_by_uuid.</summary>
public sealed record UuidValue(Guid Uuid) : IXdrType<UuidValue>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer) => writer.WriteUuid(Uuid);

    /// <inheritdoc/>
    public static UuidValue Decode(ref XdrReader reader) => new(reader.ReadUuid());
}
