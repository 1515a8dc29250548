using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Strata.Domains;
using static Strata.Drivers.Qemu.CommandLine.QemuOptions;

namespace Strata.Drivers.Qemu.CommandLine;

// One method per device kind.
internal sealed partial class ArgumentsBuilder
{
    private (string Key, string? Value)[] Placement(DeviceAddress? address) => Microvm ? [] : _pci.Place(address);

    private string Device(string driver, (string Key, string? Value)[] options, (string Key, string? Value)[] placement) =>
        Join(driver, [.. options, .. placement]);

    private void AddControllers()
    {
        DomainDevices devices = _definition.Devices;
        var usb = devices.Controllers.Where(c => c.Type == ControllerType.Usb).OrderBy(c => c.Index).ToList();
        if (usb.Count == 0 && !Microvm)
        {
            // As libvirt's QEMU driver: a pc or q35 guest without a USB controller in its XML gets the default one.
            usb.Add(new ControllerDefinition { Type = ControllerType.Usb, Index = 0 });
        }
        foreach (ControllerDefinition controller in usb)
        {
            string model = controller.Model ?? "piix3-uhci";
            if (model == "none")
            {
                continue;
            }
            string driver = model switch
            {
                "piix4-uhci" => "piix4-usb-uhci",
                "ehci" => "usb-ehci",
                "ich9-ehci1" => "ich9-usb-ehci1",
                "qemu-xhci" => "qemu-xhci",
                "nec-xhci" => "nec-usb-xhci",
                _ => "piix3-usb-uhci",
            };
            DeviceAddress? address = controller.Address;
            if (address is null && model == "piix3-uhci" && controller.Index == 0 && _family == MachineFamily.Pc)
            {
                // The PIIX3's own USB function, where libvirt puts it.
                address = DeviceAddress.ForPci(0, 1, 2);
            }
            Add("-device", Device(driver, [("id", UsbId(controller.Index))], _pci.Place(address)));
        }

        foreach (ControllerDefinition controller in devices.Controllers.OrderBy(c => c.Type).ThenBy(c => c.Index))
        {
            switch (controller.Type)
            {
                case ControllerType.Scsi:
                    string scsiDriver = controller.Model == "virtio-scsi" ? "virtio-scsi-pci" : "lsi";
                    Add("-device", Device(scsiDriver, [("id", "scsi" + Num(controller.Index))], _pci.Place(controller.Address)));
                    break;
                case ControllerType.Sata when !(_family == MachineFamily.Q35 && controller.Index == 0):
                    Add("-device", Device("ich9-ahci", [("id", "sata" + Num(controller.Index))], _pci.Place(controller.Address)));
                    break;
                case ControllerType.VirtioSerial:
                    Add("-device", Device(Microvm ? "virtio-serial-device" : "virtio-serial-pci",
                        [("id", "virtio-serial" + Num(controller.Index))], Placement(controller.Address)));
                    break;
                default:
                    // pci-root/pcie-root, pc's IDE and q35's first AHCI are built into the machine.
                    break;
            }
        }
    }

    private static string UsbId(int index) => index == 0 ? "usb" : "usb" + Num(index);

    private void AddDisks()
    {
        foreach (DiskDefinition disk in _definition.Devices.Disks)
        {
            string alias = DiskAlias(disk);
            string? format = null;
            if (disk.SourcePath is { } source)
            {
                string storage = StorageNode(alias);
                format = FormatNode(alias);
                string readOnly = disk.ReadOnly ? "on" : "off";
                Add("-blockdev", Join("driver=" + ProtocolDriver(disk),
                    ("filename", Escape(source)), ("node-name", storage), ("auto-read-only", "on"), ("discard", "unmap")));
                Add("-blockdev", Join("driver=" + FormatDriver(disk),
                    ("node-name", format), ("read-only", readOnly), ("file", storage)));
            }
            Add("-device", DiskDeviceOption(disk, alias, format));
        }
    }

    private string DiskDeviceOption(DiskDefinition disk, string alias, string? format)
    {
        (string, string?)[] tail = [("drive", format), ("id", alias), ("bootindex", BootIndex(disk))];
        bool cdrom = disk.Device == DiskDevice.Cdrom;
        DeviceAddress drive = disk.Address ?? DeviceAddress.ForDrive(0, 0, 0, 0);
        switch (disk.Bus)
        {
            case DiskBus.Virtio:
                return Device(Microvm ? "virtio-blk-device" : "virtio-blk-pci", tail, Placement(disk.Address));
            case DiskBus.Ide:
                return Join(cdrom ? "ide-cd" : "ide-hd", [("bus", "ide." + Num(drive.Bus)), ("unit", Num(drive.Unit)), .. tail]);
            case DiskBus.Sata:
                string bus = _family == MachineFamily.Q35 && drive.Controller == 0
                    ? "ide." + Num(drive.Unit)
                    : "sata" + Num(drive.Controller) + "." + Num(drive.Unit);
                return Join(cdrom ? "ide-cd" : "ide-hd", [("bus", bus), .. tail]);
            default:
                ControllerDefinition? controller = _definition.Devices.Controllers
                    .FirstOrDefault(c => c.Type == ControllerType.Scsi && c.Index == drive.Controller);
                string scsiBus = "scsi" + Num(drive.Controller) + ".0";
                (string, string?)[] position = controller?.Model == "virtio-scsi"
                    ? [("bus", scsiBus), ("channel", Num(drive.Bus)), ("scsi-id", Num(drive.Target)), ("lun", Num(drive.Unit))]
                    : [("bus", scsiBus), ("scsi-id", Num(drive.Unit))];
                return Join(cdrom ? "scsi-cd" : "scsi-hd", [.. position, .. tail]);
        }
    }

    /// <summary>The block node of a disk's image file (or device), named after the disk's alias.</summary>
    internal static string StorageNode(string alias) => alias + "-storage";

    /// <summary>The block node of a disk's image format, on top of <see cref="StorageNode"/>; the guest device reads it.</summary>
    internal static string FormatNode(string alias) => alias + "-format";

    /// <summary>QEMU's block driver for where a disk's image lives.</summary>
    internal static string ProtocolDriver(DiskDefinition disk) => disk.Type == DiskType.Block
        ? (disk.Device == DiskDevice.Cdrom ? "host_cdrom" : "host_device")
        : "file";

    /// <summary>QEMU's block driver for a disk's image format.</summary>
    internal static string FormatDriver(DiskDefinition disk) => disk.Format == DiskFormat.Qcow2 ? "qcow2" : "raw";

    internal static string DiskAlias(DiskDefinition disk)
    {
        DeviceAddress a = disk.Address ?? DeviceAddress.ForDrive(0, 0, 0, 0);
        return disk.Bus switch
        {
            DiskBus.Virtio => "virtio-disk" + Num(DomainXml.DiskIndex(disk.TargetDev)),
            DiskBus.Ide => string.Create(CultureInfo.InvariantCulture, $"ide{a.Controller}-{a.Bus}-{a.Unit}"),
            DiskBus.Sata => string.Create(CultureInfo.InvariantCulture, $"sata{a.Controller}-0-{a.Unit}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"scsi{a.Controller}-{a.Bus}-{a.Target}-{a.Unit}"),
        };
    }

    private void AddInterfaces()
    {
        var interfaces = _definition.Devices.Interfaces;
        for (int i = 0; i < interfaces.Count; i++)
        {
            InterfaceDefinition nic = interfaces[i];
            string netdev = "hostnet" + Num(i);
            var netdevOptions = new List<(string, string?)> { ("id", netdev) };
            foreach (PortForward forward in nic.PortForwards)
            {
                foreach (PortForwardRange range in forward.Ranges)
                {
                    int count = (range.End ?? range.Start) - range.Start + 1;
                    int guestStart = range.To ?? range.Start;
                    for (int port = 0; port < count; port++)
                    {
                        netdevOptions.Add(("hostfwd", string.Create(CultureInfo.InvariantCulture,
                            $"{forward.Protocol}:{forward.Address}:{range.Start + port}-:{guestStart + port}")));
                    }
                }
            }
            Add("-netdev", Join("user", [.. netdevOptions]));
            string driver = nic.Model switch
            {
                "virtio" or null when Microvm => "virtio-net-device",
                "virtio" => "virtio-net-pci",
                "e1000" => "e1000",
                "e1000e" => "e1000e",
                // libvirt's default model for x86 guests.
                _ => "rtl8139",
            };
            Add("-device", Device(driver,
                [("netdev", netdev), ("id", "net" + Num(i)), ("mac", nic.Mac), ("bootindex", BootIndex(nic))],
                Placement(nic.Address)));
        }
    }

    private void AddSerials()
    {
        foreach (ChardevDefinition serial in _definition.Devices.Serials)
        {
            string id = QemuCommandLine.SerialChardevId(serial);
            Add("-chardev", Chardev(serial, id));
            Add("-device", Join("isa-serial", ("chardev", id), ("id", "serial" + Num(serial.TargetPort)), ("index", Num(serial.TargetPort))));
        }
    }

    private void AddConsoles()
    {
        var consoles = _definition.Devices.Consoles;
        for (int i = 0; i < consoles.Count; i++)
        {
            if (consoles[i].TargetType != "virtio")
            {
                // A serial console is its serial port, already created.
                continue;
            }
            string id = QemuCommandLine.ConsoleChardevId(i);
            Add("-chardev", Chardev(consoles[i], id));
            Add("-device", Join("virtconsole", ("bus", "virtio-serial0.0"), ("chardev", id), ("id", "console" + Num(i))));
        }
    }

    private static string Chardev(ChardevDefinition chardev, string id) => chardev.Type switch
    {
        ChardevType.File => Join("file", ("id", id), ("path", Escape(chardev.SourcePath!)),
            ("append", chardev.Append switch { true => "on", false => "off", null => null })),
        ChardevType.Unix => Join("socket", ("id", id), ("path", Escape(chardev.SourcePath!)),
            ("server", chardev.Bind ? "on" : "off"), ("wait", chardev.Bind ? "off" : null)),
        _ => Join("pty", ("id", id)),
    };

    private void AddInputs()
    {
        var inputs = _definition.Devices.Inputs;
        for (int i = 0; i < inputs.Count; i++)
        {
            InputDefinition input = inputs[i];
            if (input.Bus == InputBus.Ps2)
            {
                // The i8042 PS/2 controller is part of pc and q35.
                continue;
            }
            string driver = input.Type switch
            {
                InputType.Keyboard => "usb-kbd",
                InputType.Tablet => "usb-tablet",
                _ => "usb-mouse",
            };
            Add("-device", Join(driver, ("id", "input" + Num(i)), ("bus", "usb.0")));
        }
    }

    private void AddGraphics()
    {
        foreach (GraphicsDefinition graphics in _definition.Devices.Graphics)
        {
            if (graphics.ListenNone)
            {
                Add("-vnc", "none");
                continue;
            }
            string host = graphics.ListenAddress ?? GraphicsDefinition.DefaultListenAddress;
            if (host == "localhost")
            {
                host = GraphicsDefinition.DefaultListenAddress;
            }
            if (IPAddress.TryParse(host, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                host = "[" + host + "]";
            }
            if (graphics.Port >= VncBasePort)
            {
                Add("-vnc", host + ":" + Num(graphics.Port - VncBasePort));
            }
            else
            {
                // Automatic port not allocated by the driver: QEMU takes the first free display; QMP query-vnc tells which.
                Add("-vnc", Join(host + ":0", ("to", Num(VncAutoDisplays))));
            }
        }
    }

    private void AddVideos()
    {
        var videos = _definition.Devices.Videos;
        for (int i = 0; i < videos.Count; i++)
        {
            VideoDefinition video = videos[i];
            if (video.Model == VideoModel.None)
            {
                continue;
            }
            string id = "video" + Num(i);
            (string, string?)[] placement = i == 0 && _primaryVideoPlacement is not null ? _primaryVideoPlacement : _pci.Place(video.Address);
            string device = video.Model switch
            {
                VideoModel.Vga => Device("VGA", [("id", id), ("vgamem_mb", Num((video.VramKiB ?? 16384) / 1024))], placement),
                VideoModel.Virtio => Device(i == 0 ? "virtio-vga" : "virtio-gpu-pci", [("id", id), ("max_outputs", Num(video.Heads ?? 1))], placement),
                _ => Device("cirrus-vga", [("id", id)], placement),
            };
            Add("-device", device);
        }
    }

    private void AddMemballoon()
    {
        if (_definition.Devices.Memballoon is { Virtio: true } balloon)
        {
            Add("-device", Device(Microvm ? "virtio-balloon-device" : "virtio-balloon-pci", [("id", "balloon0")], Placement(balloon.Address)));
        }
    }

    private void AddRngs()
    {
        var rngs = _definition.Devices.Rngs;
        for (int i = 0; i < rngs.Count; i++)
        {
            string objectId = "objrng" + Num(i);
            Add("-object", Join("rng-random", ("id", objectId), ("filename", Escape(rngs[i].BackendPath))));
            Add("-device", Device(Microvm ? "virtio-rng-device" : "virtio-rng-pci", [("rng", objectId), ("id", "rng" + Num(i))], Placement(rngs[i].Address)));
        }
    }
}
