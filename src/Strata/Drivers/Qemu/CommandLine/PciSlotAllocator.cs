using Strata.Domains;

namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>
/// Places PCI devices on the root bus the way libvirt does: addresses given in the XML are kept, the primary video
/// card takes its traditional slot, and the rest fill the free slots in order. Assigning every address up front
/// means an explicit address can never collide with one QEMU would pick by itself.
/// </summary>
internal sealed class PciSlotAllocator
{
    private const int SlotsPerBus = 32;
    private readonly HashSet<(int Slot, int Function)> _used = [];
    private readonly HashSet<int> _slotsInUse = [];

    public PciSlotAllocator(MachineFamily family, IEnumerable<DeviceAddress> explicitAddresses)
    {
        Family = family;
        BusName = family == MachineFamily.Q35 ? "pcie.0" : "pci.0";
        // Slot 0: host bridge. pc: slot 1 is the PIIX3 (ISA, IDE, USB, PM). q35: slot 0x1f is the ICH9 (LPC, SATA, SMBus).
        // pc's USB function 1.2 and q35's 0x1f.1 stay free: libvirt puts the piix3-uhci controller at 1.2.
        Reserve(0, [0, 1, 2, 3, 4, 5, 6, 7]);
        if (family == MachineFamily.Pc)
        {
            Reserve(1, [0, 1, 3]);
        }
        else
        {
            Reserve(0x1f, [0, 2, 3]);
        }
        foreach (DeviceAddress address in explicitAddresses)
        {
            if (!_used.Add((address.Slot, address.Function)))
            {
                throw new InvalidDefinitionException(
                    $"unsupported configuration: PCI address slot {QemuOptions.PciAddr(address.Slot, address.Function)} is in use by another device",
                    ErrorCode.ConfigUnsupported);
            }
            _slotsInUse.Add(address.Slot);
        }
    }

    /// <summary>The machine family the bus belongs to.</summary>
    public MachineFamily Family { get; }

    /// <summary>The root bus's QEMU id.</summary>
    public string BusName { get; }

    /// <summary>The slot libvirt gives the primary video card: 2 on pc, 1 on q35.</summary>
    public int PrimaryVideoSlot => Family == MachineFamily.Q35 ? 1 : 2;

    /// <summary>The <c>bus=…,addr=…</c> pairs for a device, allocating a free slot when it has no address.</summary>
    public (string Key, string? Value)[] Place(DeviceAddress? address, int? preferredSlot = null)
    {
        int slot;
        int function;
        bool? multifunction = null;
        if (address is not null)
        {
            slot = address.Slot;
            function = address.Function;
            multifunction = address.Multifunction;
        }
        else
        {
            slot = preferredSlot is { } preferred && !_slotsInUse.Contains(preferred) ? preferred : NextFree();
            function = 0;
            _used.Add((slot, 0));
            _slotsInUse.Add(slot);
        }
        return
        [
            ("bus", BusName),
            ("addr", QemuOptions.PciAddr(slot, function)),
            ("multifunction", multifunction switch { true => "on", false => "off", null => null }),
        ];
    }

    private int NextFree()
    {
        for (int slot = 1; slot < SlotsPerBus; slot++)
        {
            if (!_slotsInUse.Contains(slot))
            {
                return slot;
            }
        }
        throw new InvalidDefinitionException("unsupported configuration: no free PCI slot left on the root bus", ErrorCode.ConfigUnsupported);
    }

    private void Reserve(int slot, int[] functions)
    {
        _slotsInUse.Add(slot);
        foreach (int function in functions)
        {
            _used.Add((slot, function));
        }
    }
}
