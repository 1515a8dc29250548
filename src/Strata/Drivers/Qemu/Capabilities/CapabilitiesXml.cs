using System.Globalization;
using System.Xml.Linq;
using Strata.Host;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// The driver's <c>&lt;capabilities&gt;</c> document (virConnectGetCapabilities, <c>virsh capabilities</c>), in
/// libvirt's shape: the host (identity, CPU, NUMA topology) and the guests the emulator can run. Unlike libvirt,
/// <c>&lt;domain type='kvm'/&gt;</c> appears only when KVM is really usable (see <see cref="HostVirtualization"/>).
/// </summary>
public static class CapabilitiesXml
{
    /// <summary>The guest OS type every QEMU x86 guest has (full virtualization).</summary>
    private const string OsTypeHvm = "hvm";

    /// <summary>Strata has no security driver (no SELinux/AppArmor labelling, no DAC relabelling).</summary>
    private const string SecurityModelNone = "none";

    /// <summary>The capabilities of the real host with the emulator <paramref name="capabilities"/> describes.</summary>
    public static string Format(QemuCapabilities capabilities) =>
        Format(capabilities, HostVirtualization.Detect(), HostFacts.Gather());

    /// <summary>The capabilities document from probed and gathered facts.</summary>
    public static string Format(QemuCapabilities capabilities, HostVirtualization virtualization, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(virtualization);
        ArgumentNullException.ThrowIfNull(host);
        return LibvirtXmlWriter.Write(new XElement("capabilities",
            FormatHost(host),
            FormatGuest(capabilities, virtualization)));
    }

    /// <summary>Whether <c>type='kvm'</c> domains can run: the host can use KVM and the binary has it built in.</summary>
    public static bool KvmAvailable(QemuCapabilities capabilities, HostVirtualization virtualization)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(virtualization);
        return virtualization.KvmUsable && (capabilities.KvmSupported || capabilities.Accelerators.Contains("kvm"));
    }

    private static XElement FormatHost(HostFacts host)
    {
        var cpu = new XElement("cpu", new XElement("arch", host.Arch));
        if (host.CpuVendor is { Length: > 0 } vendor) cpu.Add(new XElement("vendor", vendor));
        if (host.Microcode is { Length: > 0 } microcode && TryParseHex(microcode, out long revision))
            cpu.Add(new XElement("microcode", new XAttribute("version", revision.ToString(CultureInfo.InvariantCulture))));
        if (host.CpuFamily is { } family && host.CpuModel is { } model && host.CpuStepping is { } stepping)
            cpu.Add(new XElement("signature", Attr("family", family), Attr("model", model), Attr("stepping", stepping)));
        if (host.Tsc is { } tsc)
            cpu.Add(new XElement("counter", new XAttribute("name", "tsc"), Attr("frequency", tsc.KHz * 1000), new XAttribute("scaling", "no")));
        cpu.Add(new XElement("topology",
            Attr("sockets", host.Node.Sockets), Attr("dies", 1), Attr("cores", host.Node.CoresPerSocket), Attr("threads", host.Node.ThreadsPerCore)));
        foreach (ulong size in host.PageSizesKiB)
            cpu.Add(new XElement("pages", new XAttribute("unit", "KiB"), Attr("size", size)));

        var cells = new XElement("cells", Attr("num", host.Cells.Count));
        foreach (var cell in host.Cells)
        {
            var element = new XElement("cell", Attr("id", cell.Id),
                new XElement("memory", new XAttribute("unit", "KiB"), cell.MemoryKiB.ToString(CultureInfo.InvariantCulture)));
            foreach (var (size, count) in cell.PagesBySizeKiB)
                element.Add(new XElement("pages", new XAttribute("unit", "KiB"), Attr("size", size), count.ToString(CultureInfo.InvariantCulture)));
            if (cell.Distances.Count > 0)
                element.Add(new XElement("distances", cell.Distances.Select(d => new XElement("sibling", Attr("id", d.Key), Attr("value", d.Value)))));
            element.Add(new XElement("cpus", Attr("num", cell.Cpus.Count), cell.Cpus.Select(c => new XElement("cpu",
                Attr("id", c.Id), Attr("socket_id", c.SocketId), Attr("die_id", c.DieId), Attr("core_id", c.CoreId),
                new XAttribute("siblings", c.Siblings)))));
            cells.Add(element);
        }

        return new XElement("host",
            new XElement("uuid", host.Uuid.ToString("D")),
            cpu,
            new XElement("power_management"),
            new XElement("iommu", new XAttribute("support", host.IommuPresent ? "yes" : "no")),
            new XElement("topology", cells),
            new XElement("secmodel", new XElement("model", SecurityModelNone), new XElement("doi", "0")));
    }

    private static XElement FormatGuest(QemuCapabilities capabilities, HostVirtualization virtualization)
    {
        var arch = new XElement("arch", new XAttribute("name", capabilities.Arch),
            new XElement("wordsize", WordSize(capabilities.Arch).ToString(CultureInfo.InvariantCulture)),
            new XElement("emulator", capabilities.EmulatorPath));
        // As libvirt: the default machine first, then the rest in QEMU's order; an alias names its canonical machine.
        foreach (var machine in capabilities.Machines.OrderByDescending(m => m.IsDefault))
        {
            arch.Add(Machine(machine.Name, null, machine));
            if (machine.Alias is { Length: > 0 } alias) arch.Add(Machine(alias, machine.Name, machine));
        }
        arch.Add(new XElement("domain", new XAttribute("type", "qemu")));
        if (KvmAvailable(capabilities, virtualization))
            arch.Add(new XElement("domain", new XAttribute("type", "kvm")));

        return new XElement("guest",
            new XElement("os_type", OsTypeHvm),
            arch,
            new XElement("features",
                new XElement("acpi", new XAttribute("default", "on"), new XAttribute("toggle", "yes")),
                new XElement("apic", new XAttribute("default", "on"), new XAttribute("toggle", "no")),
                new XElement("cpuselection"),
                new XElement("deviceboot"),
                new XElement("disksnapshot", new XAttribute("default", "on"), new XAttribute("toggle", "no"))));
    }

    private static XElement Machine(string name, string? canonical, QemuMachineType machine)
    {
        var element = new XElement("machine");
        if (canonical is not null) element.Add(new XAttribute("canonical", canonical));
        element.Add(Attr("maxCpus", machine.MaxCpus));
        if (machine.Deprecated) element.Add(new XAttribute("deprecated", "yes"));
        element.Value = name;
        return element;
    }

    internal static int WordSize(string arch) => arch is "i686" or "armv7l" or "ppc" ? 32 : 64;

    private static XAttribute Attr(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static XAttribute Attr(string name, ulong value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static bool TryParseHex(string text, out long value) =>
        long.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text,
            NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
