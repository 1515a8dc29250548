namespace Strata.Domains;

/// <summary>A <c>&lt;video&gt;</c> device.</summary>
public sealed record VideoDefinition
{
    /// <summary>The device model.</summary>
    public VideoModel Model { get; init; } = VideoModel.Cirrus;

    /// <summary>Video RAM in KiB, or null; QEMU uses it for VGA only (virtio-gpu and cirrus have fixed memory).</summary>
    public int? VramKiB { get; init; }

    /// <summary>The number of heads, or null.</summary>
    public int? Heads { get; init; }

    /// <summary>Whether this is the primary video device (the first one is).</summary>
    public bool Primary { get; init; }

    /// <summary>A PCI address, or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
