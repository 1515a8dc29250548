namespace Strata.Domains;

/// <summary>The <c>&lt;devices&gt;</c> element, one list per device kind in libvirt's output order.</summary>
public sealed record DomainDevices
{
    /// <summary>The emulator binary path, or null for the driver's default.</summary>
    public string? Emulator { get; init; }

    /// <summary>Disks and CD-ROMs.</summary>
    public IReadOnlyList<DiskDefinition> Disks { get; init; } = [];

    /// <summary>Controllers.</summary>
    public IReadOnlyList<ControllerDefinition> Controllers { get; init; } = [];

    /// <summary>Network interfaces.</summary>
    public IReadOnlyList<InterfaceDefinition> Interfaces { get; init; } = [];

    /// <summary>Serial ports.</summary>
    public IReadOnlyList<ChardevDefinition> Serials { get; init; } = [];

    /// <summary>Consoles (a <c>serial</c> console mirrors the serial port of the same number).</summary>
    public IReadOnlyList<ChardevDefinition> Consoles { get; init; } = [];

    /// <summary>Input devices.</summary>
    public IReadOnlyList<InputDefinition> Inputs { get; init; } = [];

    /// <summary>VNC displays.</summary>
    public IReadOnlyList<GraphicsDefinition> Graphics { get; init; } = [];

    /// <summary>Audio backends.</summary>
    public IReadOnlyList<AudioDefinition> Audios { get; init; } = [];

    /// <summary>Video devices.</summary>
    public IReadOnlyList<VideoDefinition> Videos { get; init; } = [];

    /// <summary>The memory balloon; never null after parsing (libvirt's QEMU driver adds a virtio one when absent).</summary>
    public MemballoonDefinition? Memballoon { get; init; }

    /// <summary>Random number generators.</summary>
    public IReadOnlyList<RngDefinition> Rngs { get; init; } = [];
}
