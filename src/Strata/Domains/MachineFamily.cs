namespace Strata.Domains;

/// <summary>The machine families Strata knows, each with its own built-in devices.</summary>
internal enum MachineFamily
{
    /// <summary>i440FX: built-in IDE, PS/2, PCI root.</summary>
    Pc,

    /// <summary>Q35: built-in AHCI, PS/2, PCIe root.</summary>
    Q35,

    /// <summary>microvm: no PCI, virtio-mmio devices.</summary>
    Microvm,
}
