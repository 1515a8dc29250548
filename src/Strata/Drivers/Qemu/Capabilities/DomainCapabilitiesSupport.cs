namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// What Strata's QEMU driver honours in a domain definition, for <c>domcapabilities</c>: each list names the
/// libvirt values and the QEMU device type each needs (null when it needs none). A value is offered only when
/// the emulator has that device.
/// </summary>
public sealed record DomainCapabilitiesSupport(
    IReadOnlyList<string> Firmware,
    IReadOnlyList<string> DiskDevices,
    IReadOnlyList<KeyValuePair<string, string?>> DiskBuses,
    IReadOnlyList<KeyValuePair<string, string?>> DiskModels,
    IReadOnlyList<string> GraphicsTypes,
    IReadOnlyList<KeyValuePair<string, string?>> VideoModels,
    IReadOnlyList<KeyValuePair<string, string?>> RngModels,
    IReadOnlyList<string> RngBackends,
    IReadOnlyList<string> ChannelTypes)
{
    /// <summary>The driver's current support, kept in step with the command line builder.</summary>
    public static DomainCapabilitiesSupport Default { get; } = new(
        Firmware: ["bios"],
        DiskDevices: ["disk", "cdrom"],
        DiskBuses: [new("ide", null), new("scsi", "virtio-scsi-pci"), new("virtio", "virtio-blk-pci"), new("sata", "ich9-ahci")],
        DiskModels: [new("virtio", "virtio-blk-pci")],
        GraphicsTypes: ["vnc"],
        VideoModels: [new("vga", "VGA"), new("cirrus", "cirrus-vga"), new("virtio", "virtio-vga"), new("none", null), new("bochs", "bochs-display")],
        RngModels: [new("virtio", "virtio-rng-pci")],
        RngBackends: ["random", "builtin"],
        ChannelTypes: ["pty", "unix"]);
}
