namespace Strata.Domains;

/// <summary>An <c>&lt;interface type='user'&gt;</c> device (QEMU user-mode networking).</summary>
public sealed record InterfaceDefinition
{
    /// <summary>The guest MAC address, lower case (<c>52:54:00:…</c> when generated).</summary>
    public string Mac { get; init; } = "";

    /// <summary>The NIC model (<c>virtio</c>, <c>e1000</c>, <c>e1000e</c>, <c>rtl8139</c>), or null for the default.</summary>
    public string? Model { get; init; }

    /// <summary>Host ports forwarded into the guest.</summary>
    public IReadOnlyList<PortForward> PortForwards { get; init; } = [];

    /// <summary>A PCI address, or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
