namespace Strata.Domains;

/// <summary>An <c>&lt;rng model='virtio'&gt;</c> device fed from a host random device.</summary>
public sealed record RngDefinition
{
    /// <summary>The host entropy source: <c>/dev/urandom</c> or <c>/dev/random</c>.</summary>
    public string BackendPath { get; init; } = "/dev/urandom";

    /// <summary>A PCI address, or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
