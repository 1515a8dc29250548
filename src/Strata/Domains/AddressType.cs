namespace Strata.Domains;

/// <summary>The <c>&lt;address type='…'&gt;</c> kinds Strata honours.</summary>
public enum AddressType
{
    /// <summary>A drive on a disk controller: controller, bus, target, unit.</summary>
    Drive,

    /// <summary>A PCI slot: domain, bus, slot, function.</summary>
    Pci,
}
