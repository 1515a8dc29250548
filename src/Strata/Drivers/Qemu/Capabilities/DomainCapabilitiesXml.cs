using System.Globalization;
using System.Xml.Linq;
using Strata.Host;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// The <c>&lt;domainCapabilities&gt;</c> document (virConnectGetDomainCapabilities, <c>virsh domcapabilities</c>)
/// in libvirt's shape, for one emulator, machine type and virtualization type, listing what Strata supports.
/// The elements are those of libvirt 9.0's schema (domaincaps.rng), which tests validate against.
/// </summary>
public static class DomainCapabilitiesXml
{
    /// <summary>CPU models QEMU lists that are modes in libvirt, not <c>custom</c> models.</summary>
    private static readonly string[] NotCustomModels = ["host", "max", "base"];

    /// <summary>
    /// Formats the document. <paramref name="machine"/> null means the emulator's default machine, an alias resolves
    /// to its canonical name; <paramref name="virtType"/> null means kvm when usable, else qemu.
    /// </summary>
    /// <exception cref="StrataException">An arch, machine or virt type the emulator or host cannot provide (invalid argument).</exception>
    public static string Format(
        QemuCapabilities capabilities,
        HostVirtualization virtualization,
        string? machine = null,
        string? virtType = null,
        string? arch = null,
        DomainCapabilitiesSupport? support = null)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(virtualization);
        support ??= DomainCapabilitiesSupport.Default;

        if (arch is { Length: > 0 } && arch != capabilities.Arch)
            throw InvalidArgument($"Emulator '{capabilities.EmulatorPath}' does not support arch '{arch}'");
        bool kvm = CapabilitiesXml.KvmAvailable(capabilities, virtualization);
        string domain = virtType switch
        {
            null or "" => kvm ? "kvm" : "qemu",
            "qemu" => "qemu",
            "kvm" when kvm => "kvm",
            "kvm" => throw InvalidArgument($"KVM is not supported by '{capabilities.EmulatorPath}' on this host: {virtualization.Reason}"),
            _ => throw InvalidArgument($"unknown virttype: {virtType}"),
        };
        var machineType = (machine is { Length: > 0 } ? capabilities.FindMachine(machine) : capabilities.DefaultMachine)
            ?? throw InvalidArgument(machine is { Length: > 0 }
                ? $"the machine '{machine}' is not supported by emulator '{capabilities.EmulatorPath}'"
                : $"emulator '{capabilities.EmulatorPath}' has no default machine type");

        return LibvirtXmlWriter.Write(new XElement("domainCapabilities",
            new XElement("path", capabilities.EmulatorPath),
            new XElement("domain", domain),
            new XElement("machine", machineType.Name),
            new XElement("arch", capabilities.Arch),
            new XElement("vcpu", new XAttribute("max", machineType.MaxCpus.ToString(CultureInfo.InvariantCulture))),
            new XElement("iothreads", Supported(false)),
            new XElement("os", Supported(true),
                Enum("firmware", support.Firmware),
                new XElement("loader", Supported(false))),
            FormatCpu(capabilities, domain == "kvm"),
            FormatDevices(capabilities, support),
            new XElement("features",
                new XElement("gic", Supported(false)),
                new XElement("vmcoreinfo", Supported(false)),
                new XElement("genid", Supported(false)),
                new XElement("backingStoreInput", Supported(false)),
                new XElement("backup", Supported(false)),
                new XElement("sev", Supported(false)),
                new XElement("sgx", Supported(false)))));
    }

    private static XElement FormatCpu(QemuCapabilities capabilities, bool kvm)
    {
        var custom = new XElement("mode", new XAttribute("name", "custom"), Supported(true));
        foreach (var model in capabilities.CpuModels
                     .Where(m => !NotCustomModels.Contains(m.Name))
                     .OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var element = new XElement("model", new XAttribute("usable", model.Usable ? "yes" : "no"));
            if (model.Deprecated) element.Add(new XAttribute("deprecated", "yes"));
            // libvirt 9's schema requires a vendor (known only from its CPU map) and has no canonical attribute yet.
            element.Add(new XAttribute("vendor", "unknown"));
            element.Value = model.Name;
            custom.Add(element);
        }
        return new XElement("cpu",
            new XElement("mode", new XAttribute("name", "host-passthrough"), Supported(kvm)),
            new XElement("mode", new XAttribute("name", "maximum"), Supported(capabilities.HasCpuModel("max")),
                Enum("maximumMigratable", ["on", "off"])),
            new XElement("mode", new XAttribute("name", "host-model"), Supported(false)),
            custom);
    }

    private static XElement FormatDevices(QemuCapabilities capabilities, DomainCapabilitiesSupport support)
    {
        IEnumerable<string> Available(IEnumerable<KeyValuePair<string, string?>> values) =>
            values.Where(v => v.Value is null || capabilities.HasDevice(v.Value)).Select(v => v.Key);

        var videoModels = Available(support.VideoModels).ToList();
        var rngModels = Available(support.RngModels).ToList();
        return new XElement("devices",
            new XElement("disk", Supported(true),
                Enum("diskDevice", support.DiskDevices),
                Enum("bus", Available(support.DiskBuses)),
                Enum("model", Available(support.DiskModels))),
            new XElement("graphics", Supported(support.GraphicsTypes.Count > 0), Enum("type", support.GraphicsTypes)),
            new XElement("video", Supported(videoModels.Count > 0), Enum("modelType", videoModels)),
            new XElement("hostdev", Supported(false)),
            new XElement("rng", Supported(rngModels.Count > 0), Enum("model", rngModels), Enum("backendModel", support.RngBackends)),
            new XElement("filesystem", Supported(false)),
            new XElement("tpm", Supported(false)),
            new XElement("redirdev", Supported(false)),
            new XElement("channel", Supported(support.ChannelTypes.Count > 0), Enum("type", support.ChannelTypes)));
    }

    private static XAttribute Supported(bool supported) => new("supported", supported ? "yes" : "no");

    private static XElement Enum(string name, IEnumerable<string> values) =>
        new("enum", new XAttribute("name", name), values.Select(v => new XElement("value", v)));

    private static StrataException InvalidArgument(string message) => new(ErrorCode.InvalidArg, $"invalid argument: {message}");
}
