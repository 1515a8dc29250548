namespace Strata.Protocol;

/// <summary>
/// The args of domain_interface_addresses: a domain, where to look (<c>virDomainInterfaceAddressesSource</c>: 0 the
/// DHCP leases of libvirt networks, 1 the guest agent, 2 the host's ARP table) and flags.
/// </summary>
public sealed record DomainInterfaceAddressesArgs(RemoteDomain Dom, uint Source, uint Flags) : IXdrType<DomainInterfaceAddressesArgs>, IDomainArguments
{
    public const uint SourceLease = 0;
    public const uint SourceAgent = 1;
    public const uint SourceArp = 2;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteUInt32(Source);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainInterfaceAddressesArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadUInt32(), reader.ReadUInt32());
}

/// <summary>The ret of domain_interface_addresses: each interface found, with its addresses.</summary>
public sealed record DomainInterfaceAddressesRet(IReadOnlyList<RemoteDomainInterface> Interfaces) : IXdrType<DomainInterfaceAddressesRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArray(Interfaces, RemoteLimits.DomainInterfaceMax);
    }

    /// <inheritdoc/>
    public static DomainInterfaceAddressesRet Decode(ref XdrReader reader) =>
        new(reader.ReadArray<RemoteDomainInterface>(RemoteLimits.DomainInterfaceMax));
}

/// <summary>remote_domain_interface: a guest interface's name, its MAC address if known, and its IP addresses.</summary>
public sealed record RemoteDomainInterface(string Name, string? HardwareAddress, IReadOnlyList<RemoteDomainIpAddress> Addresses) : IXdrType<RemoteDomainInterface>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Name, RemoteLimits.StringMax);
        writer.WriteOptionalString(HardwareAddress, RemoteLimits.StringMax);
        writer.WriteArray(Addresses, RemoteLimits.DomainIpAddressMax);
    }

    /// <inheritdoc/>
    public static RemoteDomainInterface Decode(ref XdrReader reader) =>
        new(reader.ReadString(RemoteLimits.StringMax), reader.ReadOptionalString(RemoteLimits.StringMax),
            reader.ReadArray<RemoteDomainIpAddress>(RemoteLimits.DomainIpAddressMax));
}

/// <summary>remote_domain_ip_addr: an address (type 0 IPv4, 1 IPv6) and its prefix length.</summary>
public sealed record RemoteDomainIpAddress(int Type, string Address, uint Prefix) : IXdrType<RemoteDomainIpAddress>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Type);
        writer.WriteString(Address, RemoteLimits.StringMax);
        writer.WriteUInt32(Prefix);
    }

    /// <inheritdoc/>
    public static RemoteDomainIpAddress Decode(ref XdrReader reader) =>
        new(reader.ReadInt32(), reader.ReadString(RemoteLimits.StringMax), reader.ReadUInt32());
}
