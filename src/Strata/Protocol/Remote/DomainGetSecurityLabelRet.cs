namespace Strata.Protocol;

/// <summary>The ret of domain_get_security_label (virsh dominfo asks): the label as a NUL-terminated XDR char array, and whether it is enforced.</summary>
public sealed record DomainGetSecurityLabelRet(string Label, int Enforcing) : IXdrType<DomainGetSecurityLabelRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteCharString(Label, RemoteLimits.SecurityLabelMax);
        writer.WriteInt32(Enforcing);
    }

    /// <inheritdoc/>
    public static DomainGetSecurityLabelRet Decode(ref XdrReader reader) =>
        new(reader.ReadCharString(RemoteLimits.SecurityLabelMax), reader.ReadInt32());
}
