namespace Strata.Domains;

/// <summary>The <c>&lt;memballoon&gt;</c> device.</summary>
public sealed record MemballoonDefinition
{
    /// <summary>True for <c>model='virtio'</c>, false for <c>model='none'</c>.</summary>
    public bool Virtio { get; init; } = true;

    /// <summary>A PCI address, or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
