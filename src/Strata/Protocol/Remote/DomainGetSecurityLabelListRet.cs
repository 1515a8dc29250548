namespace Strata.Protocol;

/// <summary>The ret of domain_get_security_label_list: one label per security driver, and their count.</summary>
public sealed record DomainGetSecurityLabelListRet(IReadOnlyList<DomainGetSecurityLabelRet> Labels, int Count)
    : IXdrType<DomainGetSecurityLabelListRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Labels, RemoteLimits.SecurityLabelListMax);
        writer.WriteInt32(Count);
    }

    /// <inheritdoc/>
    public static DomainGetSecurityLabelListRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<DomainGetSecurityLabelRet>(RemoteLimits.SecurityLabelListMax), reader.ReadInt32());
}
