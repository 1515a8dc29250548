using Strata.Images;

namespace Strata.Pools;

/// <summary>A volume to create: libvirt's volume XML, the parts a directory pool honours.</summary>
public sealed record VolumeDefinition
{
    public required string Name { get; init; }

    /// <summary>The size the guest sees, in bytes.</summary>
    public required ulong Capacity { get; init; }

    /// <summary>Bytes to allocate up front (raw only); null means all of the capacity, as libvirt.</summary>
    public ulong? Allocation { get; init; }

    public ImageFormat Format { get; init; } = ImageFormat.Raw;

    /// <summary>The absolute path of the image this one is an overlay of (qcow2 only), or null.</summary>
    public string? BackingPath { get; init; }

    /// <summary>The backing image's format; null means read it from the image.</summary>
    public ImageFormat? BackingFormat { get; init; }

    /// <summary>The file's mode; null means libvirt's 0600.</summary>
    public int? Mode { get; init; }
}
