namespace Strata.Domains;

/// <summary>A <c>&lt;disk&gt;</c> device.</summary>
public sealed record DiskDefinition
{
    /// <summary>File or block device.</summary>
    public DiskType Type { get; init; } = DiskType.File;

    /// <summary>Disk or CD-ROM.</summary>
    public DiskDevice Device { get; init; } = DiskDevice.Disk;

    /// <summary>The image format; null when the XML has no <c>&lt;driver&gt;</c> (treated as raw).</summary>
    public DiskFormat? Format { get; init; }

    /// <summary>The host file or device path; null for an empty CD-ROM, and for a volume until the driver resolves it.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The storage pool of a <see cref="DiskType.Volume"/> disk.</summary>
    public string? SourcePool { get; init; }

    /// <summary>The volume (in <see cref="SourcePool"/>) of a <see cref="DiskType.Volume"/> disk.</summary>
    public string? SourceVolume { get; init; }

    /// <summary>The guest device name (<c>vda</c>, <c>sda</c>, <c>hdc</c>, …).</summary>
    public string TargetDev { get; init; } = "";

    /// <summary>The bus the disk is attached to.</summary>
    public DiskBus Bus { get; init; } = DiskBus.Virtio;

    /// <summary>Whether the guest sees the disk read-only (always true for a CD-ROM).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>A drive address (ide/sata/scsi) or PCI address (virtio), or null for automatic.</summary>
    public DeviceAddress? Address { get; init; }
}
