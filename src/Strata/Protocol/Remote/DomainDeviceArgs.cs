namespace Strata.Protocol;

/// <summary>A domain and a device's XML: the args of domain_attach_device and domain_detach_device.</summary>
public sealed record DomainDeviceArgs(RemoteDomain Dom, string Xml) : IXdrType<DomainDeviceArgs>, IDomainArguments
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteString(Xml, RemoteLimits.StringMax);
    }

    /// <inheritdoc/>
    public static DomainDeviceArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadString(RemoteLimits.StringMax));
}
