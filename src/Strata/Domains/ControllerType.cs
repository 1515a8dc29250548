namespace Strata.Domains;

/// <summary>The <c>&lt;controller type='…'&gt;</c> kinds in the supported subset.</summary>
public enum ControllerType
{
    /// <summary>A USB host controller.</summary>
    Usb,

    /// <summary>The PCI root (<c>model='pci-root'</c> or <c>'pcie-root'</c>).</summary>
    Pci,

    /// <summary>The IDE controller.</summary>
    Ide,

    /// <summary>An AHCI (SATA) controller.</summary>
    Sata,

    /// <summary>A SCSI host adapter.</summary>
    Scsi,

    /// <summary>A virtio-serial bus.</summary>
    VirtioSerial,
}
