using System.Net;
using System.Net.Sockets;
using Strata.Domains;

namespace Strata.Drivers.Qemu.CommandLine;

// Start-time checks: what only matters when QEMU is launched in a given context.
public static partial class QemuCommandLine
{
    /// <summary>
    /// Checks that the definition can be launched in <paramref name="context"/>: accelerator and CPU mode,
    /// devices the machine type has no room for, and (unless disabled) that host files exist.
    /// </summary>
    /// <exception cref="InvalidDefinitionException">The first problem found, with a message naming it.</exception>
    public static void Validate(DomainDefinition definition, QemuLaunchContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        MachineFamily family = DomainXml.MachineFamilyOf(definition.Os.Machine);

        if (definition.Type == DomainVirtType.Kvm && context.Accelerator != QemuAccelerator.Kvm)
        {
            throw Unsupported("domain type 'kvm' needs KVM, which is not usable on this host (use type 'qemu')");
        }
        if (definition.Cpu?.Mode == CpuMode.HostPassthrough && context.Accelerator != QemuAccelerator.Kvm)
        {
            throw Unsupported("CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not supported by hypervisor");
        }
        if (family == MachineFamily.Microvm)
        {
            ValidateMicrovm(definition);
        }
        ValidateBuiltInControllers(definition, family);
        ValidateDisks(definition, family);
        ValidateDevices(definition);
        if (context.CheckHostFiles)
        {
            ValidateHostFiles(definition);
        }
    }

    private static void ValidateMicrovm(DomainDefinition definition)
    {
        DomainDevices devices = definition.Devices;
        if (definition.Os.Kernel is null)
        {
            throw Unsupported("machine type 'microvm' needs direct kernel boot (<kernel> in <os>)");
        }
        if (devices.Disks.FirstOrDefault(d => d.Bus != DiskBus.Virtio) is { } disk)
        {
            throw Unsupported($"disk bus '{disk.Bus.ToString().ToLowerInvariant()}' of '{disk.TargetDev}' is not supported on machine type 'microvm' (only virtio is)");
        }
        if (devices.Interfaces.FirstOrDefault(i => i.Model is not null and not "virtio") is { } nic)
        {
            throw Unsupported($"interface model '{nic.Model}' is not supported on machine type 'microvm' (only virtio is)");
        }
        if (devices.Inputs.Count > 0)
        {
            throw Unsupported("input devices are not supported on machine type 'microvm'");
        }
        if (devices.Videos.Any(v => v.Model != VideoModel.None))
        {
            throw Unsupported("video devices are not supported on machine type 'microvm'");
        }
        bool hasPciAddress =
            devices.Disks.Any(d => d.Address is { Type: AddressType.Pci })
            || devices.Interfaces.Any(i => i.Address is not null)
            || devices.Controllers.Any(c => c.Address is not null)
            || devices.Rngs.Any(r => r.Address is not null)
            || devices.Memballoon?.Address is not null;
        if (hasPciAddress)
        {
            throw Unsupported("PCI addresses are not supported on machine type 'microvm' (it has no PCI bus)");
        }
    }

    private static void ValidateBuiltInControllers(DomainDefinition definition, MachineFamily family)
    {
        foreach (ControllerDefinition controller in definition.Devices.Controllers)
        {
            if (controller.Address is { } given && BuiltInAddress(controller, family) is { } builtIn
                && (given.Slot != builtIn.Slot || given.Function != builtIn.Function))
            {
                throw Unsupported(
                    $"the {controller.Type.ToString().ToLowerInvariant()} controller of machine type '{definition.Os.Machine}' is built in at PCI address " +
                    $"{QemuOptions.PciAddr(builtIn.Slot, builtIn.Function)} and cannot be moved to {QemuOptions.PciAddr(given.Slot, given.Function)}");
            }
        }
    }

    private static void ValidateDisks(DomainDefinition definition, MachineFamily family)
    {
        foreach (DiskDefinition disk in definition.Devices.Disks)
        {
            if (disk.Address is not { Type: AddressType.Drive } address)
            {
                continue;
            }
            switch (disk.Bus)
            {
                case DiskBus.Ide when address.Controller != 0 || address.Bus > 1 || address.Target != 0 || address.Unit > 1:
                    throw Unsupported($"IDE address controller {address.Controller} bus {address.Bus} target {address.Target} unit {address.Unit} of disk '{disk.TargetDev}' does not exist (one controller, buses 0-1, units 0-1)");
                case DiskBus.Ide when family != MachineFamily.Pc:
                    throw Unsupported($"IDE disk '{disk.TargetDev}' is not supported on machine type '{definition.Os.Machine}'");
                case DiskBus.Sata when address.Bus != 0 || address.Target != 0 || address.Unit > 5:
                    throw Unsupported($"SATA address bus {address.Bus} target {address.Target} unit {address.Unit} of disk '{disk.TargetDev}' does not exist (bus 0, target 0, units 0-5)");
                case DiskBus.Scsi:
                    ControllerDefinition? controller = definition.Devices.Controllers
                        .FirstOrDefault(c => c.Type == ControllerType.Scsi && c.Index == address.Controller);
                    bool lsi = controller?.Model is null or "lsilogic";
                    if (lsi && (address.Bus != 0 || address.Target != 0 || address.Unit > 6))
                    {
                        throw Unsupported($"SCSI address bus {address.Bus} target {address.Target} unit {address.Unit} of disk '{disk.TargetDev}' does not exist on an lsilogic controller (bus 0, target 0, units 0-6)");
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static void ValidateDevices(DomainDefinition definition)
    {
        DomainDevices devices = definition.Devices;
        bool usbAvailable = DomainXml.MachineFamilyOf(definition.Os.Machine) != MachineFamily.Microvm
            && !devices.Controllers.Any(c => c.Type == ControllerType.Usb && c.Index == 0 && c.Model == "none");
        if (!usbAvailable && devices.Inputs.FirstOrDefault(i => i.Bus == InputBus.Usb) is { } input)
        {
            throw Unsupported($"input '{input.Type.ToString().ToLowerInvariant()}' on bus 'usb' needs a USB controller, and USB is disabled");
        }
        foreach (PortForward forward in devices.Interfaces.SelectMany(i => i.PortForwards))
        {
            if (forward.Address is not null && IPAddress.Parse(forward.Address).AddressFamily != AddressFamily.InterNetwork)
            {
                throw Unsupported($"portForward address '{forward.Address}' is not supported: QEMU's user networking forwards IPv4 host addresses only");
            }
        }
        foreach (VideoDefinition video in devices.Videos)
        {
            if (video.Model == VideoModel.Vga && video.VramKiB is < 1024)
            {
                throw Unsupported($"video vram {video.VramKiB} KiB is too small for model 'vga' (at least 1024)");
            }
        }
    }

    private static void ValidateHostFiles(DomainDefinition definition)
    {
        CheckFile(definition.Os.Kernel, "kernel");
        CheckFile(definition.Os.Initrd, "initrd");
        foreach (DiskDefinition disk in definition.Devices.Disks)
        {
            if (disk.SourcePath is { } path && !File.Exists(path))
            {
                throw new InvalidDefinitionException(
                    $"Cannot access storage file '{path}' of disk '{disk.TargetDev}': No such file or directory", ErrorCode.OperationFailed);
            }
        }
    }

    private static void CheckFile(string? path, string what)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new InvalidDefinitionException($"Cannot access {what} '{path}': No such file or directory", ErrorCode.OperationFailed);
        }
    }

    private static InvalidDefinitionException Unsupported(string what) =>
        new($"unsupported configuration: {what}", ErrorCode.ConfigUnsupported);
}
