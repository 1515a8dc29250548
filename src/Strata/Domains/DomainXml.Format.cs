using System.Globalization;

namespace Strata.Domains;

// Writing, in the element order and shape of virsh dumpxml.
public static partial class DomainXml
{
    /// <summary>
    /// Formats a definition as libvirt domain XML, ending with a newline like <c>virsh dumpxml</c>.
    /// With <paramref name="liveId"/>, writes the live form: the domain id, allocated pty paths and VNC port.
    /// </summary>
    public static string Format(DomainDefinition definition, int? liveId = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        bool live = liveId is not null;
        var w = new XmlWriterBuffer();
        w.Open("domain", ("type", definition.Type == DomainVirtType.Kvm ? "kvm" : "qemu"), ("id", Num(liveId)));
        w.Text("name", definition.Name);
        w.Text("uuid", definition.Uuid.ToString("D", CultureInfo.InvariantCulture));
        if (definition.Title is not null)
        {
            w.Text("title", definition.Title);
        }
        if (definition.Description is not null)
        {
            w.Text("description", definition.Description);
        }
        if (definition.MetadataXml is not null)
        {
            if (definition.MetadataXml.Length == 0)
            {
                w.Empty("metadata");
            }
            else
            {
                w.Open("metadata");
                w.Raw(definition.MetadataXml);
                w.Close("metadata");
            }
        }
        w.Text("memory", Num(definition.MemoryKiB), ("unit", "KiB"));
        w.Text("currentMemory", Num(definition.CurrentMemoryKiB), ("unit", "KiB"));
        w.Text("vcpu", Num(definition.Vcpus), ("placement", "static"), ("current", definition.CurrentVcpus is { } current ? Num(current) : null));
        FormatOs(w, definition.Os);
        FormatFeatures(w, definition.Features);
        FormatCpu(w, definition.Cpu);
        w.Empty("clock", ("offset", definition.Clock == ClockOffset.LocalTime ? "localtime" : "utc"));
        w.Text("on_poweroff", Action(definition.OnPoweroff));
        w.Text("on_reboot", Action(definition.OnReboot));
        w.Text("on_crash", Action(definition.OnCrash));
        FormatDevices(w, definition.Devices, live);
        w.Close("domain");
        return w.ToString();
    }

    private static void FormatOs(XmlWriterBuffer w, DomainOs os)
    {
        w.Open("os");
        w.Text("type", os.Type, ("arch", os.Arch), ("machine", os.Machine));
        if (os.Kernel is not null)
        {
            w.Text("kernel", os.Kernel);
        }
        if (os.Initrd is not null)
        {
            w.Text("initrd", os.Initrd);
        }
        if (os.Cmdline is not null)
        {
            w.Text("cmdline", os.Cmdline);
        }
        foreach (BootDevice boot in os.BootDevices)
        {
            w.Empty("boot", ("dev", boot switch
            {
                BootDevice.Cdrom => "cdrom",
                BootDevice.Network => "network",
                BootDevice.Floppy => "fd",
                _ => "hd",
            }));
        }
        w.Close("os");
    }

    private static void FormatFeatures(XmlWriterBuffer w, DomainFeatures features)
    {
        if (!features.Acpi && !features.Apic && !features.Pae)
        {
            return;
        }
        w.Open("features");
        if (features.Acpi)
        {
            w.Empty("acpi");
        }
        if (features.Apic)
        {
            w.Empty("apic");
        }
        if (features.Pae)
        {
            w.Empty("pae");
        }
        w.Close("features");
    }

    private static void FormatCpu(XmlWriterBuffer w, DomainCpu? cpu)
    {
        if (cpu is null)
        {
            return;
        }
        (string, string?)[] attributes =
        [
            ("mode", cpu.Mode switch
            {
                CpuMode.HostModel => "host-model",
                CpuMode.HostPassthrough => "host-passthrough",
                _ => "custom",
            }),
            ("match", cpu.Match),
            ("check", cpu.Check),
            ("migratable", cpu.Migratable),
        ];
        if (cpu.Model is null && cpu.Features.Count == 0)
        {
            w.Empty("cpu", attributes);
            return;
        }
        w.Open("cpu", attributes);
        if (cpu.Model is not null)
        {
            w.Text("model", cpu.Model, ("fallback", cpu.Fallback));
        }
        foreach (CpuFeature feature in cpu.Features)
        {
            w.Empty("feature", ("policy", feature.Policy), ("name", feature.Name));
        }
        w.Close("cpu");
    }

    private static string Action(LifecycleAction action) => action == LifecycleAction.Restart ? "restart" : "destroy";

    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Num(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
