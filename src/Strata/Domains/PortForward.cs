namespace Strata.Domains;

/// <summary>
/// A <c>&lt;portForward&gt;</c> of a user-mode interface: host ports forwarded into the guest.
/// libvirt documents it for the passt backend; Strata maps it onto QEMU's slirp <c>hostfwd</c>.
/// </summary>
public sealed record PortForward
{
    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; init; } = "tcp";

    /// <summary>The host address to listen on, or null for all addresses.</summary>
    public string? Address { get; init; }

    /// <summary>The forwarded port ranges.</summary>
    public IReadOnlyList<PortForwardRange> Ranges { get; init; } = [];
}
