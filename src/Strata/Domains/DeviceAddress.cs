namespace Strata.Domains;

/// <summary>A device's <c>&lt;address&gt;</c>: a drive address (disks) or a PCI address.</summary>
public sealed record DeviceAddress
{
    /// <summary>Which kind of address this is; the fields of the other kind are zero.</summary>
    public AddressType Type { get; init; }

    /// <summary>Drive: the disk controller index.</summary>
    public int Controller { get; init; }

    /// <summary>Drive: the bus on the controller; PCI: the PCI bus number.</summary>
    public int Bus { get; init; }

    /// <summary>Drive: the target (SCSI id).</summary>
    public int Target { get; init; }

    /// <summary>Drive: the unit (IDE unit or SCSI LUN).</summary>
    public int Unit { get; init; }

    /// <summary>PCI: the PCI domain (segment).</summary>
    public int Domain { get; init; }

    /// <summary>PCI: the slot.</summary>
    public int Slot { get; init; }

    /// <summary>PCI: the function.</summary>
    public int Function { get; init; }

    /// <summary>PCI: the <c>multifunction</c> attribute, or null when absent.</summary>
    public bool? Multifunction { get; init; }

    /// <summary>A drive address.</summary>
    public static DeviceAddress ForDrive(int controller, int bus, int target, int unit) =>
        new() { Type = AddressType.Drive, Controller = controller, Bus = bus, Target = target, Unit = unit };

    /// <summary>A PCI address on domain 0.</summary>
    public static DeviceAddress ForPci(int bus, int slot, int function) =>
        new() { Type = AddressType.Pci, Bus = bus, Slot = slot, Function = function };
}
