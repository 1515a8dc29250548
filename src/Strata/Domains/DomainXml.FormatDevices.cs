using System.Globalization;

namespace Strata.Domains;

// Writing of <devices>, in libvirt's device order.
public static partial class DomainXml
{
    private static void FormatDevices(XmlWriterBuffer w, DomainDevices devices, bool live)
    {
        w.Open("devices");
        if (devices.Emulator is not null)
        {
            w.Text("emulator", devices.Emulator);
        }
        foreach (DiskDefinition disk in devices.Disks)
        {
            FormatDisk(w, disk);
        }
        foreach (ControllerDefinition controller in devices.Controllers)
        {
            FormatController(w, controller);
        }
        foreach (InterfaceDefinition nic in devices.Interfaces)
        {
            FormatInterface(w, nic);
        }
        for (int i = 0; i < devices.Serials.Count; i++)
        {
            ChardevDefinition serial = devices.Serials[i];
            FormatChardev(w, "serial", serial, serial.SourcePath, ShownAlias(serial, ChardevAliases.Serial(devices, i), live), live);
        }
        for (int i = 0; i < devices.Consoles.Count; i++)
        {
            ChardevDefinition console = devices.Consoles[i];
            string? path = console.SourcePath;
            if (path is null && console.TargetType == "serial" && console.Type == ChardevType.Pty)
            {
                // A serial console is the serial port seen again: it shows the pty the port got.
                path = devices.Serials.FirstOrDefault(s => s.TargetPort == console.TargetPort && s.Type == ChardevType.Pty)?.SourcePath;
            }
            FormatChardev(w, "console", console, path, ShownAlias(console, ChardevAliases.Console(devices, i), live), live);
        }
        foreach (InputDefinition input in devices.Inputs)
        {
            w.Empty("input",
                ("type", input.Type switch { InputType.Keyboard => "keyboard", InputType.Tablet => "tablet", _ => "mouse" }),
                ("bus", input.Bus == InputBus.Usb ? "usb" : "ps2"));
        }
        foreach (GraphicsDefinition graphics in devices.Graphics)
        {
            FormatGraphics(w, graphics, live);
        }
        foreach (AudioDefinition audio in devices.Audios)
        {
            w.Empty("audio", ("id", Num(audio.Id)), ("type", "none"));
        }
        foreach (VideoDefinition video in devices.Videos)
        {
            w.Open("video");
            w.Empty("model",
                ("type", video.Model.ToString().ToLowerInvariant()),
                ("vram", Num(video.VramKiB)),
                ("heads", Num(video.Heads)),
                ("primary", video.Primary ? "yes" : null));
            FormatAddress(w, video.Address);
            w.Close("video");
        }
        if (devices.Memballoon is { } balloon)
        {
            WithOptionalAddress(w, "memballoon", balloon.Address, ("model", balloon.Virtio ? "virtio" : "none"));
        }
        foreach (RngDefinition rng in devices.Rngs)
        {
            w.Open("rng", ("model", "virtio"));
            w.Text("backend", rng.BackendPath, ("model", "random"));
            FormatAddress(w, rng.Address);
            w.Close("rng");
        }
        w.Close("devices");
    }

    private static void FormatDisk(XmlWriterBuffer w, DiskDefinition disk)
    {
        w.Open("disk",
            ("type", disk.Type.ToString().ToLowerInvariant()),
            ("device", disk.Device == DiskDevice.Cdrom ? "cdrom" : "disk"));
        if (disk.Format is { } format)
        {
            w.Empty("driver", ("name", "qemu"), ("type", format == DiskFormat.Qcow2 ? "qcow2" : "raw"));
        }
        if (disk.Type == DiskType.Volume)
        {
            w.Empty("source", ("pool", disk.SourcePool), ("volume", disk.SourceVolume));
        }
        else if (disk.SourcePath is not null)
        {
            w.Empty("source", (disk.Type == DiskType.Block ? "dev" : "file", disk.SourcePath));
        }
        w.Empty("target", ("dev", disk.TargetDev), ("bus", disk.Bus.ToString().ToLowerInvariant()));
        if (disk.ReadOnly)
        {
            w.Empty("readonly");
        }
        FormatAddress(w, disk.Address);
        w.Close("disk");
    }

    private static void FormatController(XmlWriterBuffer w, ControllerDefinition controller)
    {
        string type = controller.Type switch
        {
            ControllerType.VirtioSerial => "virtio-serial",
            var other => other.ToString().ToLowerInvariant(),
        };
        WithOptionalAddress(w, "controller", controller.Address, ("type", type), ("index", Num(controller.Index)), ("model", controller.Model));
    }

    private static void FormatInterface(XmlWriterBuffer w, InterfaceDefinition nic)
    {
        w.Open("interface", ("type", "user"));
        w.Empty("mac", ("address", nic.Mac));
        foreach (PortForward forward in nic.PortForwards)
        {
            w.Open("portForward", ("proto", forward.Protocol), ("address", forward.Address));
            foreach (PortForwardRange range in forward.Ranges)
            {
                w.Empty("range", ("start", Num(range.Start)), ("end", Num(range.End)), ("to", Num(range.To)));
            }
            w.Close("portForward");
        }
        if (nic.Model is not null)
        {
            w.Empty("model", ("type", nic.Model));
        }
        FormatAddress(w, nic.Address);
        w.Close("interface");
    }

    /// <summary>As libvirt: live XML names every device; a definition keeps only the user's aliases.</summary>
    private static string? ShownAlias(ChardevDefinition chardev, string name, bool live) =>
        live || chardev.Alias is not null ? name : null;

    private static void FormatChardev(XmlWriterBuffer w, string element, ChardevDefinition chardev, string? path, string? alias, bool live)
    {
        string type = chardev.Type switch
        {
            ChardevType.File => "file",
            ChardevType.Unix => "unix",
            _ => "pty",
        };
        // As libvirt: a pty's path exists only while the domain runs, so only the live XML shows it.
        bool showPath = path is not null && (chardev.Type != ChardevType.Pty || live);
        string? tty = element == "console" && chardev.Type == ChardevType.Pty && showPath ? path : null;
        w.Open(element, ("type", type), ("tty", tty));
        if (showPath)
        {
            switch (chardev.Type)
            {
                case ChardevType.File:
                    w.Empty("source", ("path", path), ("append", chardev.Append switch { true => "on", false => "off", null => null }));
                    break;
                case ChardevType.Unix:
                    w.Empty("source", ("mode", chardev.Bind ? "bind" : "connect"), ("path", path));
                    break;
                default:
                    w.Empty("source", ("path", path));
                    break;
            }
        }
        if (chardev.TargetType == "isa-serial")
        {
            w.Open("target", ("type", "isa-serial"), ("port", Num(chardev.TargetPort)));
            w.Empty("model", ("name", "isa-serial"));
            w.Close("target");
        }
        else
        {
            w.Empty("target", ("type", chardev.TargetType), ("port", Num(chardev.TargetPort)));
        }
        if (alias is not null)
        {
            w.Empty("alias", ("name", alias));
        }
        w.Close(element);
    }

    private static void FormatGraphics(XmlWriterBuffer w, GraphicsDefinition graphics, bool live)
    {
        int port = graphics.AutoPort && !live ? -1 : graphics.Port;
        // The live XML shows where QEMU actually listens: the default address when none is given.
        string? listen = graphics.ListenNone ? null : graphics.ListenAddress ?? (live ? GraphicsDefinition.DefaultListenAddress : null);
        (string, string?)[] attributes =
        [
            ("type", "vnc"),
            // As libvirt: without a listener there is no port to show.
            ("port", graphics.ListenNone ? null : Num(port)),
            ("autoport", graphics.ListenNone ? null : graphics.AutoPort ? "yes" : "no"),
            ("listen", listen),
        ];
        if (!graphics.ListenNone && !graphics.HasListenElement)
        {
            w.Empty("graphics", attributes);
            return;
        }
        w.Open("graphics", attributes);
        if (graphics.ListenNone)
        {
            w.Empty("listen", ("type", "none"));
        }
        else
        {
            w.Empty("listen", ("type", "address"), ("address", listen));
        }
        w.Close("graphics");
    }

    private static void WithOptionalAddress(XmlWriterBuffer w, string element, DeviceAddress? address, params (string, string?)[] attributes)
    {
        if (address is null)
        {
            w.Empty(element, attributes);
            return;
        }
        w.Open(element, attributes);
        FormatAddress(w, address);
        w.Close(element);
    }

    private static void FormatAddress(XmlWriterBuffer w, DeviceAddress? address)
    {
        if (address is null)
        {
            return;
        }
        if (address.Type == AddressType.Drive)
        {
            w.Empty("address",
                ("type", "drive"),
                ("controller", Num(address.Controller)),
                ("bus", Num(address.Bus)),
                ("target", Num(address.Target)),
                ("unit", Num(address.Unit)));
            return;
        }
        w.Empty("address",
            ("type", "pci"),
            ("domain", Hex(address.Domain, 4)),
            ("bus", Hex(address.Bus, 2)),
            ("slot", Hex(address.Slot, 2)),
            ("function", Hex(address.Function, 1)),
            ("multifunction", address.Multifunction switch { true => "on", false => "off", null => null }));
    }

    private static string Hex(int value, int digits) =>
        "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
