namespace Strata.Protocol;

/// <summary>A domain, a device's XML and flags: the args of domain_attach_device_flags and domain_detach_device_flags.</summary>
public sealed record DomainDeviceFlagsArgs(RemoteDomain Dom, string Xml, uint Flags) : IXdrType<DomainDeviceFlagsArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteString(Xml, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainDeviceFlagsArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt32());
}
