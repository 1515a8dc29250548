namespace Strata.Protocol;

/// <summary>The args of connect_get_domain_capabilities; every field may be null (the driver picks a default).</summary>
public sealed record ConnectGetDomainCapabilitiesArgs(
    string? EmulatorBin, string? Arch, string? Machine, string? VirtType, uint Flags) : IXdrType<ConnectGetDomainCapabilitiesArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptionalString(EmulatorBin, RemoteLimits.StringMax);
        writer.WriteOptionalString(Arch, RemoteLimits.StringMax);
        writer.WriteOptionalString(Machine, RemoteLimits.StringMax);
        writer.WriteOptionalString(VirtType, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static ConnectGetDomainCapabilitiesArgs Decode(ref XdrReader reader) => new(
        reader.ReadOptionalString(RemoteLimits.StringMax),
        reader.ReadOptionalString(RemoteLimits.StringMax),
        reader.ReadOptionalString(RemoteLimits.StringMax),
        reader.ReadOptionalString(RemoteLimits.StringMax),
        reader.ReadUInt32());
}
