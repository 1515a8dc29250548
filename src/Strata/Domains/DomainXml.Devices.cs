using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Strata.Domains.XmlChecks;

namespace Strata.Domains;

// Reading of <devices>.
public static partial class DomainXml
{
    private static readonly string[] DeviceElements =
    [
        "emulator", "disk", "controller", "interface", "serial", "console", "input", "graphics", "audio", "video",
        "memballoon", "rng",
    ];

    /// <summary>Whether <paramref name="name"/> is the element of a device Strata can define (not <c>emulator</c>).</summary>
    internal static bool IsDeviceElement(string name) => name != "emulator" && Array.IndexOf(DeviceElements, name) >= 0;

    private static readonly string[] UsbModels = ["piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "qemu-xhci", "nec-xhci", "none"];
    private static readonly string[] ScsiModels = ["virtio-scsi", "lsilogic"];
    private static readonly string[] NicModels = ["virtio", "e1000", "e1000e", "rtl8139"];
    private static readonly string[] RandomSources = ["/dev/urandom", "/dev/random", "/dev/hwrng"];

    private static DomainDevices ParseDevices(XElement? element, DomainOs os)
    {
        if (element is null)
        {
            return new DomainDevices { Memballoon = new MemballoonDefinition() };
        }
        Allow(element, [], DeviceElements);

        string? emulator = element.Element("emulator") is { } emulatorElement ? ParseText(emulatorElement)?.Trim() : null;
        var disks = element.Elements("disk").Select(ParseDisk).ToList();
        var controllers = element.Elements("controller").Select(ParseController).ToList();
        var interfaces = element.Elements("interface").Select(ParseInterface).ToList();
        var serials = element.Elements("serial").Select(e => ParseChardev(e, console: false)).ToList();
        var consoles = element.Elements("console").Select(e => ParseChardev(e, console: true)).ToList();
        var inputs = element.Elements("input").Select(ParseInput).ToList();
        var graphics = element.Elements("graphics").Select(ParseGraphics).ToList();
        var audios = element.Elements("audio").Select(ParseAudio).ToList();
        var videos = element.Elements("video").Select(ParseVideo).ToList();
        var rngs = element.Elements("rng").Select(ParseRng).ToList();
        var balloons = element.Elements("memballoon").Select(ParseMemballoon).ToList();
        if (balloons.Count > 1)
        {
            throw Unsupported("only one <memballoon> is supported");
        }

        CheckDiskTargets(disks);
        disks = OrderDisks(disks).Select(AssignDriveAddress).ToList();
        AssignControllerIndexes(controllers, element.Elements("controller").ToList());
        AddImplicitControllers(disks, consoles, controllers);
        CheckControllers(controllers, os);
        AssignSerialPorts(serials);
        consoles = AddConsoleCompat(serials, consoles);
        CheckAudios(audios);
        if (graphics.Count > 0 && videos.Count == 0 && MachineFamilyOf(os.Machine) != MachineFamily.Microvm)
        {
            // As libvirt: a display needs a video card, so a guest with graphics and no <video> gets the default one.
            videos.Add(new VideoDefinition { Model = VideoModel.Cirrus, VramKiB = 16384, Heads = 1 });
        }
        CheckVideos(videos);

        return new DomainDevices
        {
            Emulator = emulator,
            Disks = disks,
            Controllers = controllers,
            Interfaces = interfaces,
            Serials = serials,
            Consoles = consoles,
            Inputs = inputs,
            Graphics = graphics,
            Audios = audios,
            Videos = videos,
            // libvirt's QEMU driver adds a virtio balloon when the XML has none.
            Memballoon = balloons.Count == 1 ? balloons[0] : new MemballoonDefinition(),
            Rngs = rngs,
        };
    }

    private static DiskDefinition ParseDisk(XElement element)
    {
        DiskType type = Attr(element, "type") switch
        {
            null or "file" => DiskType.File,
            "block" => DiskType.Block,
            "volume" => DiskType.Volume,
            var other => throw Unsupported($"disk type '{other}' is not supported"),
        };
        DiskDevice device = Attr(element, "device") switch
        {
            null or "disk" => DiskDevice.Disk,
            "cdrom" => DiskDevice.Cdrom,
            var other => throw Unsupported($"disk device '{other}' is not supported"),
        };
        Allow(element, ["type", "device"], ["driver", "source", "target", "readonly", "address"]);

        DiskFormat? format = null;
        if (element.Element("driver") is { } driver)
        {
            Allow(driver, ["name", "type"], []);
            string? driverName = Attr(driver, "name");
            if (driverName is not null and not "qemu")
            {
                throw Unsupported($"disk driver name '{driverName}' is not supported");
            }
            format = Attr(driver, "type") switch
            {
                null => null,
                "raw" => DiskFormat.Raw,
                "qcow2" => DiskFormat.Qcow2,
                var other => throw Unsupported($"disk driver type '{other}' is not supported"),
            };
            // <driver name='qemu'/> alone says nothing beyond the default; keep it as raw so that it is written back.
            format ??= DiskFormat.Raw;
        }

        string? source = null;
        string? pool = null, volume = null;
        if (type == DiskType.Volume)
        {
            (pool, volume) = ParseVolumeSource(element.Element("source"));
        }
        else if (element.Element("source") is { } sourceElement)
        {
            string attribute = type == DiskType.File ? "file" : "dev";
            Allow(sourceElement, [attribute], []);
            source = Attr(sourceElement, attribute);
            if (source is { Length: 0 })
            {
                source = null;
            }
        }
        if (source is null && volume is null && device != DiskDevice.Cdrom)
        {
            throw Invalid($"disk source is missing for <disk device='disk'> (a <source {type switch { DiskType.File => "file='…'", DiskType.Block => "dev='…'", _ => "pool='…' volume='…'" }}/> is required)");
        }

        XElement target = element.Element("target") ?? throw Invalid("missing <target> in <disk>");
        Allow(target, ["dev", "bus"], []);
        string dev = RequiredAttr(target, "dev");
        if (!DiskTargetPattern().IsMatch(dev))
        {
            throw Invalid($"invalid disk target dev '{dev}' (expected hdX, sdX or vdX)");
        }
        DiskBus bus = Attr(target, "bus") switch
        {
            null => dev[0] switch
            {
                'h' => DiskBus.Ide,
                's' => DiskBus.Scsi,
                _ => DiskBus.Virtio,
            },
            "virtio" => DiskBus.Virtio,
            "sata" => DiskBus.Sata,
            "scsi" => DiskBus.Scsi,
            "ide" => DiskBus.Ide,
            "usb" or "fdc" or "xen" or "uml" or "sd" => throw Unsupported($"disk bus '{Attr(target, "bus")}' is not supported"),
            var other => throw Invalid($"unknown disk bus type '{other}' in <target> of <disk>"),
        };
        if (bus == DiskBus.Virtio && device == DiskDevice.Cdrom)
        {
            throw Unsupported($"disk bus 'virtio' is not supported for a cdrom ({dev})");
        }

        bool readOnly = false;
        if (element.Element("readonly") is { } readOnlyElement)
        {
            Allow(readOnlyElement, [], []);
            readOnly = true;
        }

        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is not null && (address.Type == AddressType.Pci) != (bus == DiskBus.Virtio))
        {
            throw Unsupported($"address type '{(address.Type == AddressType.Pci ? "pci" : "drive")}' is not supported for a disk on bus '{Attr(target, "bus") ?? bus.ToString()}'");
        }

        return new DiskDefinition
        {
            Type = type,
            Device = device,
            Format = format,
            SourcePath = source,
            SourcePool = pool,
            SourceVolume = volume,
            TargetDev = dev,
            Bus = bus,
            ReadOnly = readOnly || device == DiskDevice.Cdrom,
            Address = address,
        };
    }

    /// <summary>
    /// <c>&lt;source pool='…' volume='…'/&gt;</c> of a volume disk: both named, as libvirt requires. The driver that
    /// starts the domain resolves them to the volume's file.
    /// </summary>
    private static (string? Pool, string? Volume) ParseVolumeSource(XElement? source)
    {
        if (source is null)
        {
            return (null, null);
        }
        Allow(source, ["pool", "volume"], []);
        string pool = RequiredAttr(source, "pool");
        string volume = RequiredAttr(source, "volume");
        if (pool.Length == 0 || volume.Length == 0)
        {
            throw Invalid("<source> of a volume disk needs both 'pool' and 'volume'");
        }
        return (pool, volume);
    }

    /// <summary>The zero-based index of a disk target name: vda → 0, vdz → 25, vdaa → 26.</summary>
    internal static int DiskIndex(string targetDev)
    {
        int index = 0;
        foreach (char c in targetDev.AsSpan(2))
        {
            index = checked((index * 26) + (c - 'a' + 1));
        }
        return index - 1;
    }

    private static void CheckDiskTargets(List<DiskDefinition> disks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (DiskDefinition disk in disks)
        {
            if (!seen.Add(disk.TargetDev))
            {
                throw Invalid($"target '{disk.TargetDev}' duplicated for disk sources");
            }
        }
    }

    /// <summary>
    /// Orders disks as libvirt's define does: each disk is inserted after the last disk on the same bus, or before
    /// the first one on that bus with a higher target index; a disk on a new bus goes last.
    /// </summary>
    private static List<DiskDefinition> OrderDisks(List<DiskDefinition> disks)
    {
        var ordered = new List<DiskDefinition>(disks.Count);
        foreach (DiskDefinition disk in disks)
        {
            int insertAt = -1;
            for (int i = ordered.Count - 1; i >= 0; i--)
            {
                if (ordered[i].Bus != disk.Bus)
                {
                    continue;
                }
                if (DiskIndex(ordered[i].TargetDev) > DiskIndex(disk.TargetDev))
                {
                    insertAt = i;
                }
                else if (insertAt == -1)
                {
                    insertAt = i + 1;
                }
            }
            ordered.Insert(insertAt == -1 ? ordered.Count : insertAt, disk);
        }
        return ordered;
    }

    /// <summary>Gives ide, sata and scsi disks without an address the drive address libvirt assigns on define.</summary>
    private static DiskDefinition AssignDriveAddress(DiskDefinition disk)
    {
        if (disk.Address is not null || disk.Bus == DiskBus.Virtio)
        {
            return disk;
        }
        int index = DiskIndex(disk.TargetDev);
        DeviceAddress address = disk.Bus switch
        {
            // Two buses of two units per IDE controller.
            DiskBus.Ide => DeviceAddress.ForDrive(index / 4, index % 4 / 2, 0, index % 2),
            // Six ports per AHCI controller.
            DiskBus.Sata => DeviceAddress.ForDrive(index / 6, 0, 0, index % 6),
            // Seven units per SCSI controller, as libvirt numbers them.
            _ => DeviceAddress.ForDrive(index / 7, 0, 0, index % 7),
        };
        return disk with { Address = address };
    }

    private static ControllerDefinition ParseController(XElement element)
    {
        string typeText = RequiredAttr(element, "type");
        ControllerType type = typeText switch
        {
            "usb" => ControllerType.Usb,
            "pci" => ControllerType.Pci,
            "ide" => ControllerType.Ide,
            "sata" => ControllerType.Sata,
            "scsi" => ControllerType.Scsi,
            "virtio-serial" => ControllerType.VirtioSerial,
            _ => throw Unsupported($"controller type '{typeText}' is not supported"),
        };
        Allow(element, ["type", "index", "model"], ["address"]);
        string? model = Attr(element, "model");
        bool modelOk = type switch
        {
            ControllerType.Usb => model is null || UsbModels.Contains(model),
            ControllerType.Pci => model is "pci-root" or "pcie-root",
            ControllerType.Scsi => model is null || ScsiModels.Contains(model),
            _ => model is null,
        };
        if (!modelOk)
        {
            throw model is null
                ? Invalid($"missing model for <controller type='{typeText}'>")
                : Unsupported($"controller model '{model}' is not supported for <controller type='{typeText}'>");
        }
        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is { Type: AddressType.Drive })
        {
            throw Unsupported($"address type 'drive' is not supported for <controller type='{typeText}'>");
        }
        return new ControllerDefinition
        {
            Type = type,
            Index = Int(element, "index", 0, 255) ?? -1,
            Model = model,
            Address = address,
        };
    }

    private static void AssignControllerIndexes(List<ControllerDefinition> controllers, List<XElement> elements)
    {
        for (int i = 0; i < controllers.Count; i++)
        {
            if (controllers[i].Index >= 0)
            {
                continue;
            }
            ControllerType type = controllers[i].Type;
            int next = 0;
            while (controllers.Any(c => c.Type == type && c.Index == next))
            {
                next++;
            }
            controllers[i] = controllers[i] with { Index = next };
        }
        var seen = new HashSet<(ControllerType, int)>();
        for (int i = 0; i < controllers.Count; i++)
        {
            if (!seen.Add((controllers[i].Type, controllers[i].Index)))
            {
                throw Invalid($"multiple controllers with type '{RequiredAttr(elements[i], "type")}' and index '{controllers[i].Index}'");
            }
        }
    }

    /// <summary>Adds the disk and virtio-serial controllers that libvirt adds on define when devices need them.</summary>
    private static void AddImplicitControllers(
        List<DiskDefinition> disks, List<ChardevDefinition> consoles, List<ControllerDefinition> controllers)
    {
        foreach (DiskDefinition disk in disks)
        {
            ControllerType? type = disk.Bus switch
            {
                DiskBus.Ide => ControllerType.Ide,
                DiskBus.Sata => ControllerType.Sata,
                DiskBus.Scsi => ControllerType.Scsi,
                _ => null,
            };
            if (type is { } needed && disk.Address is { } address)
            {
                for (int index = 0; index <= address.Controller; index++)
                {
                    if (!controllers.Any(c => c.Type == needed && c.Index == index))
                    {
                        controllers.Add(new ControllerDefinition { Type = needed, Index = index });
                    }
                }
            }
        }
        if (consoles.Any(c => c.TargetType == "virtio") && !controllers.Any(c => c.Type == ControllerType.VirtioSerial))
        {
            controllers.Add(new ControllerDefinition { Type = ControllerType.VirtioSerial, Index = 0 });
        }
    }

    private static void CheckControllers(List<ControllerDefinition> controllers, DomainOs os)
    {
        MachineFamily family = MachineFamilyOf(os.Machine);
        foreach (ControllerDefinition controller in controllers)
        {
            switch (controller.Type)
            {
                case ControllerType.Pci:
                    string expected = family == MachineFamily.Q35 ? "pcie-root" : "pci-root";
                    if (family == MachineFamily.Microvm || controller.Model != expected || controller.Index != 0)
                    {
                        throw Unsupported($"controller model '{controller.Model}' index {controller.Index} is not supported on machine '{os.Machine}'");
                    }
                    break;
                case ControllerType.Ide when family != MachineFamily.Pc:
                    throw Unsupported($"IDE controllers are unsupported for machine type '{os.Machine}'");
                case ControllerType.Ide when controller.Index != 0:
                    throw Unsupported("only one IDE controller is supported");
                case ControllerType.Usb or ControllerType.Sata or ControllerType.Scsi when family == MachineFamily.Microvm:
                    throw Unsupported($"controller type '{controller.Type.ToString().ToLowerInvariant()}' is not supported on machine 'microvm'");
                default:
                    break;
            }
        }
    }

    private static InterfaceDefinition ParseInterface(XElement element)
    {
        string type = RequiredAttr(element, "type");
        if (type != "user")
        {
            throw Unsupported($"interface type '{type}' is not supported");
        }
        Allow(element, ["type"], ["mac", "model", "portForward", "address", "backend"]);
        if (element.Element("backend") is { } backend)
        {
            Allow(backend, ["type"], []);
            string? backendType = Attr(backend, "type");
            if (backendType is not null and not "default")
            {
                throw Unsupported($"interface backend type '{backendType}' is not supported");
            }
        }

        string mac;
        if (element.Element("mac") is { } macElement)
        {
            Allow(macElement, ["address"], []);
            mac = MacAddresses.Normalize(RequiredAttr(macElement, "address"));
        }
        else
        {
            mac = MacAddresses.Generate();
        }

        string? model = null;
        if (element.Element("model") is { } modelElement)
        {
            Allow(modelElement, ["type"], []);
            model = RequiredAttr(modelElement, "type");
            if (!NicModels.Contains(model))
            {
                throw Unsupported($"interface model '{model}' is not supported");
            }
        }

        var forwards = element.Elements("portForward").Select(ParsePortForward).ToList();
        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is { Type: AddressType.Drive })
        {
            throw Unsupported("address type 'drive' is not supported for <interface>");
        }
        return new InterfaceDefinition { Mac = mac, Model = model, PortForwards = forwards, Address = address };
    }

    private static PortForward ParsePortForward(XElement element)
    {
        Allow(element, ["proto", "address"], ["range"]);
        string proto = RequiredAttr(element, "proto");
        if (proto is not ("tcp" or "udp"))
        {
            throw Invalid($"invalid portForward proto '{proto}' (expected tcp or udp)");
        }
        string? address = Attr(element, "address");
        if (address is not null && !IPAddress.TryParse(address, out _))
        {
            throw Invalid($"invalid portForward address '{address}'");
        }
        var ranges = new List<PortForwardRange>();
        foreach (XElement range in element.Elements("range"))
        {
            if (YesNo(range, "exclude") == true)
            {
                throw Unsupported("attribute 'exclude' of <range> in <portForward> is not supported");
            }
            Allow(range, ["start", "end", "to"], []);
            int start = Int(range, "start", 1, 65535) ?? throw Invalid("missing attribute 'start' in <range> in <portForward>");
            int? end = Int(range, "end", 1, 65535);
            int? to = Int(range, "to", 1, 65535);
            if (end < start)
            {
                throw Invalid($"portForward range end {end} is below its start {start}");
            }
            if (to + ((end ?? start) - start) > 65535)
            {
                throw Invalid($"portForward range to {to} runs past port 65535");
            }
            ranges.Add(new PortForwardRange(start, end, to));
        }
        if (ranges.Count == 0)
        {
            throw Invalid("a <portForward> needs at least one <range>");
        }
        return new PortForward { Protocol = proto, Address = address, Ranges = ranges };
    }

    private static ChardevDefinition ParseChardev(XElement element, bool console)
    {
        string what = console ? "console" : "serial";
        ChardevType type = Attr(element, "type") switch
        {
            null or "pty" => ChardevType.Pty,
            "file" => ChardevType.File,
            "unix" => ChardevType.Unix,
            var other => throw Unsupported($"{what} type '{other}' is not supported"),
        };
        Allow(element, console ? ["type", "tty"] : ["type"], ["source", "target", "alias"]);

        string? path = null;
        bool? append = null;
        bool bind = true;
        if (element.Element("source") is { } source)
        {
            switch (type)
            {
                case ChardevType.Pty:
                    Allow(source, ["path"], []);
                    break;
                case ChardevType.File:
                    Allow(source, ["path", "append"], []);
                    append = YesNo(source, "append");
                    break;
                default:
                    Allow(source, ["path", "mode"], []);
                    bind = Attr(source, "mode") switch
                    {
                        null or "bind" => true,
                        "connect" => false,
                        var other => throw Invalid($"unknown source mode '{other}' in <{what}>"),
                    };
                    break;
            }
            path = Attr(source, "path");
        }
        if (type != ChardevType.Pty && string.IsNullOrEmpty(path))
        {
            throw Invalid($"missing source path for <{what} type='{Attr(element, "type")}'>");
        }

        string? targetType = console ? "serial" : null;
        int? port = null;
        if (element.Element("target") is { } target)
        {
            Allow(target, ["type", "port"], console ? [] : ["model"]);
            targetType = Attr(target, "type") ?? targetType;
            port = Int(target, "port", 0, 31);
            if (target.Element("model") is { } model)
            {
                Allow(model, ["name"], []);
                if (Attr(model, "name") != "isa-serial")
                {
                    throw Unsupported($"serial target model '{Attr(model, "name")}' is not supported");
                }
                targetType ??= "isa-serial";
            }
        }
        bool targetOk = console ? targetType is "serial" or "virtio" : targetType is null or "isa-serial";
        if (!targetOk)
        {
            throw Unsupported($"{what} target type '{targetType}' is not supported");
        }
        return new ChardevDefinition
        {
            Type = type,
            SourcePath = path,
            Append = append,
            Bind = bind,
            TargetType = targetType,
            TargetPort = port ?? -1,
            Alias = UserAlias(element),
        };
    }

    /// <summary>
    /// A device's <c>&lt;alias&gt;</c>, kept only when it is a user alias, as libvirt does for a definition: the
    /// names it gives devices itself (serial0) appear in live XML and are not the definition's to keep.
    /// </summary>
    private static string? UserAlias(XElement device)
    {
        if (device.Element("alias") is not { } alias)
        {
            return null;
        }
        Allow(alias, ["name"], []);
        string? name = Attr(alias, "name");
        return ChardevAliases.IsUserAlias(name) ? name : null;
    }

    private static void AssignSerialPorts(List<ChardevDefinition> serials)
    {
        for (int i = 0; i < serials.Count; i++)
        {
            if (serials[i].TargetPort >= 0)
            {
                continue;
            }
            int next = 0;
            while (serials.Any(s => s.TargetPort == next))
            {
                next++;
            }
            serials[i] = serials[i] with { TargetPort = next };
        }
        if (serials.GroupBy(s => s.TargetPort).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Invalid($"target port '{duplicate.Key}' already exists for another <serial>");
        }
        if (serials.FirstOrDefault(s => s.TargetPort > 3) is { } tooHigh)
        {
            throw Unsupported($"serial target port {tooHigh.TargetPort} is not supported (isa-serial has ports 0 to 3)");
        }
    }

    /// <summary>
    /// libvirt's console compatibility: a <c>serial</c> console mirrors a serial port, so the first serial port
    /// without a serial console gains one (the first console), and a serial console without serial ports gains the port.
    /// </summary>
    private static List<ChardevDefinition> AddConsoleCompat(List<ChardevDefinition> serials, List<ChardevDefinition> consoles)
    {
        var result = new List<ChardevDefinition>(consoles.Count + 1);
        if (serials.Count > 0 && (consoles.Count == 0 || consoles[0].TargetType != "serial"))
        {
            // The first serial port is the first console, ahead of any virtio console (so that one is console1).
            ChardevDefinition first = serials[0];
            result.Add(first with { TargetType = "serial", SourcePath = first.Type == ChardevType.Pty ? null : first.SourcePath });
        }
        int virtioPort = 0;
        for (int i = 0; i < consoles.Count; i++)
        {
            ChardevDefinition console = consoles[i];
            if (console.TargetType == "virtio")
            {
                int port = console.TargetPort >= 0 ? console.TargetPort : virtioPort;
                virtioPort = port + 1;
                result.Add(console with { TargetPort = port });
                continue;
            }
            if (i > 0)
            {
                throw Unsupported("only the first console may have target type 'serial'");
            }
            int serialPort = console.TargetPort >= 0 ? console.TargetPort : 0;
            ChardevDefinition? serial = serials.FirstOrDefault(s => s.TargetPort == serialPort);
            if (serial is null)
            {
                serials.Add(console with { TargetType = null, TargetPort = serialPort });
                serial = serials[^1];
            }
            // The console is the serial port seen again: it takes the port's host side.
            result.Add(serial with
            {
                TargetType = "serial",
                TargetPort = serialPort,
                SourcePath = console.SourcePath ?? (serial.Type == ChardevType.Pty ? null : serial.SourcePath),
            });
        }
        return result;
    }

    private static InputDefinition ParseInput(XElement element)
    {
        InputType type = RequiredAttr(element, "type") switch
        {
            "mouse" => InputType.Mouse,
            "keyboard" => InputType.Keyboard,
            "tablet" => InputType.Tablet,
            var other => throw Unsupported($"input type '{other}' is not supported"),
        };
        Allow(element, ["type", "bus"], []);
        InputBus bus = Attr(element, "bus") switch
        {
            null => type == InputType.Tablet ? InputBus.Usb : InputBus.Ps2,
            "ps2" => InputBus.Ps2,
            "usb" => InputBus.Usb,
            var other => throw Unsupported($"input bus '{other}' is not supported"),
        };
        if (type == InputType.Tablet && bus == InputBus.Ps2)
        {
            throw Unsupported("input type 'tablet' is not supported on bus 'ps2'");
        }
        return new InputDefinition(type, bus);
    }

    private static GraphicsDefinition ParseGraphics(XElement element)
    {
        string type = RequiredAttr(element, "type");
        if (type != "vnc")
        {
            throw Unsupported($"graphics type '{type}' is not supported (only 'vnc' is)");
        }
        Allow(element, ["type", "port", "autoport", "listen"], ["listen"]);
        int? port = Int(element, "port", -1, 65535);
        bool? autoPort = YesNo(element, "autoport");
        // As libvirt: no port, or port -1, means an automatic port.
        bool auto = autoPort ?? (port is null or -1 or 0);
        if (!auto && port is null or -1 or 0)
        {
            throw Invalid("a vnc port must be given when autoport is 'no'");
        }
        if (!auto && port < 5900)
        {
            throw Invalid($"vnc port {port} is below 5900");
        }

        string? address = Attr(element, "listen");
        bool none = false;
        bool hasListenElement = false;
        var listens = element.Elements("listen").ToList();
        if (listens.Count > 1)
        {
            throw Unsupported("only one <listen> in <graphics> is supported");
        }
        if (listens.Count == 1)
        {
            XElement listen = listens[0];
            string listenType = RequiredAttr(listen, "type");
            switch (listenType)
            {
                case "address":
                    Allow(listen, ["type", "address"], []);
                    string? listenAddress = Attr(listen, "address");
                    if (address is not null && listenAddress is not null && address != listenAddress)
                    {
                        throw Invalid($"graphics 'listen' attribute '{address}' must match 'address' attribute of first listen element (found '{listenAddress}')");
                    }
                    address ??= listenAddress;
                    hasListenElement = true;
                    break;
                case "none":
                    Allow(listen, ["type"], []);
                    none = true;
                    break;
                default:
                    throw Unsupported($"graphics listen type '{listenType}' is not supported");
            }
        }
        else
        {
            // As libvirt: the listen attribute, or nothing, becomes a <listen type='address'> element.
            hasListenElement = true;
        }
        if (address is not null && !IPAddress.TryParse(address, out _) && address != "localhost")
        {
            throw Unsupported($"vnc listen address '{address}' is not supported (expected an IP address)");
        }
        return new GraphicsDefinition
        {
            // An automatic port that is already allocated (live XML) is kept; the inactive XML shows -1 anyway.
            Port = port is >= 5900 ? port.Value : -1,
            AutoPort = auto,
            ListenAddress = none ? null : address,
            HasListenElement = hasListenElement,
            ListenNone = none,
        };
    }

    private static AudioDefinition ParseAudio(XElement element)
    {
        string type = RequiredAttr(element, "type");
        if (type != "none")
        {
            throw Unsupported($"audio type '{type}' is not supported (only 'none' is)");
        }
        Allow(element, ["id", "type"], []);
        return new AudioDefinition(Int(element, "id", 1) ?? 1);
    }

    private static void CheckAudios(List<AudioDefinition> audios)
    {
        if (audios.GroupBy(a => a.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Invalid($"audio backend id '{duplicate.Key}' is used more than once");
        }
    }

    private static VideoDefinition ParseVideo(XElement element)
    {
        Allow(element, [], ["model", "address"]);
        VideoModel model = VideoModel.Cirrus;
        int? vram = null;
        int? heads = null;
        bool? primary = null;
        if (element.Element("model") is { } modelElement)
        {
            string type = RequiredAttr(modelElement, "type");
            model = type switch
            {
                "none" => VideoModel.None,
                "vga" => VideoModel.Vga,
                "cirrus" => VideoModel.Cirrus,
                "virtio" => VideoModel.Virtio,
                _ => throw Unsupported($"video model '{type}' is not supported"),
            };
            Allow(modelElement, model == VideoModel.None ? ["type"] : ["type", "vram", "heads", "primary"], []);
            vram = Int(modelElement, "vram", 0);
            heads = Int(modelElement, "heads", 1, 16);
            primary = YesNo(modelElement, "primary");
        }
        if (model is VideoModel.Vga or VideoModel.Cirrus)
        {
            vram ??= 16384;
        }
        if (model != VideoModel.None)
        {
            heads ??= 1;
        }
        if (heads > 1 && model != VideoModel.Virtio)
        {
            throw Unsupported($"{heads} heads are not supported for video model '{model.ToString().ToLowerInvariant()}'");
        }
        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is { Type: AddressType.Drive })
        {
            throw Unsupported("address type 'drive' is not supported for <video>");
        }
        return new VideoDefinition { Model = model, VramKiB = vram, Heads = heads, Primary = primary ?? false, Address = address };
    }

    private static void CheckVideos(List<VideoDefinition> videos)
    {
        if (videos.Count > 1 && videos.Any(v => v.Model == VideoModel.None))
        {
            throw Unsupported("a video model 'none' must be the only video device");
        }
        if (videos.Count(v => v.Primary) > 1)
        {
            throw Invalid("only one primary video device is supported");
        }
        int primary = videos.FindIndex(v => v.Primary);
        if (primary > 0)
        {
            // As libvirt: the primary device is listed first.
            VideoDefinition first = videos[primary];
            videos.RemoveAt(primary);
            videos.Insert(0, first);
        }
        if (videos.Count > 0 && videos[0].Model != VideoModel.None)
        {
            videos[0] = videos[0] with { Primary = true };
        }
        for (int i = 1; i < videos.Count; i++)
        {
            if (videos[i].Model != VideoModel.Virtio)
            {
                throw Unsupported($"a secondary video device of model '{videos[i].Model.ToString().ToLowerInvariant()}' is not supported");
            }
        }
    }

    private static RngDefinition ParseRng(XElement element)
    {
        string model = RequiredAttr(element, "model");
        if (model != "virtio")
        {
            throw Unsupported($"rng model '{model}' is not supported");
        }
        Allow(element, ["model"], ["backend", "address"]);
        XElement backend = element.Element("backend") ?? throw Invalid("missing <backend> in <rng>");
        string backendModel = RequiredAttr(backend, "model");
        if (backendModel != "random")
        {
            throw Unsupported($"rng backend model '{backendModel}' is not supported");
        }
        Allow(backend, ["model"], []);
        string path = backend.Value.Trim();
        if (path.Length == 0)
        {
            path = "/dev/urandom";
        }
        if (!RandomSources.Contains(path))
        {
            throw Unsupported($"file '{path}' is not a supported random source");
        }
        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is { Type: AddressType.Drive })
        {
            throw Unsupported("address type 'drive' is not supported for <rng>");
        }
        return new RngDefinition { BackendPath = path, Address = address };
    }

    private static MemballoonDefinition ParseMemballoon(XElement element)
    {
        string model = RequiredAttr(element, "model");
        if (model is not ("virtio" or "none"))
        {
            throw Unsupported($"memballoon model '{model}' is not supported");
        }
        Allow(element, ["model"], model == "none" ? [] : ["address"]);
        DeviceAddress? address = ParseAddress(element.Element("address"));
        if (address is { Type: AddressType.Drive })
        {
            throw Unsupported("address type 'drive' is not supported for <memballoon>");
        }
        return new MemballoonDefinition { Virtio = model == "virtio", Address = address };
    }

    private static DeviceAddress? ParseAddress(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        string type = RequiredAttr(element, "type");
        switch (type)
        {
            case "drive":
                Allow(element, ["type", "controller", "bus", "target", "unit"], []);
                return DeviceAddress.ForDrive(
                    Int(element, "controller", 0, 255) ?? 0,
                    Int(element, "bus", 0, 255) ?? 0,
                    Int(element, "target", 0, 255) ?? 0,
                    Int(element, "unit", 0, 16383) ?? 0);
            case "pci":
                Allow(element, ["type", "domain", "bus", "slot", "function", "multifunction"], []);
                var address = new DeviceAddress
                {
                    Type = AddressType.Pci,
                    Domain = Int(element, "domain", 0, 0xFFFF) ?? 0,
                    Bus = Int(element, "bus", 0, 0xFF) ?? 0,
                    Slot = Int(element, "slot", 0, 0x1F) ?? 0,
                    Function = Int(element, "function", 0, 7) ?? 0,
                    Multifunction = YesNo(element, "multifunction"),
                };
                if (address.Domain != 0 || address.Bus != 0)
                {
                    throw Unsupported(string.Create(CultureInfo.InvariantCulture,
                        $"PCI address {address.Domain:x4}:{address.Bus:x2}:{address.Slot:x2}.{address.Function:x} is not supported (only bus 0 of domain 0 is)"));
                }
                return address;
            default:
                throw Unsupported($"address type '{type}' is not supported");
        }
    }

    internal static MachineFamily MachineFamilyOf(string machine) =>
        machine == "microvm" ? MachineFamily.Microvm
        : machine == "q35" || machine.StartsWith("pc-q35-", StringComparison.Ordinal) ? MachineFamily.Q35
        : MachineFamily.Pc;

    [GeneratedRegex("^(hd|sd|vd)[a-z]{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DiskTargetPattern();
}
