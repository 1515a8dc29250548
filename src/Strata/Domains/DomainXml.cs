using System.Xml;
using System.Xml.Linq;
using static Strata.Domains.XmlChecks;

namespace Strata.Domains;

/// <summary>
/// Reads and writes libvirt domain XML. Parsing is strict: anything outside the supported subset that would
/// change what the guest sees is rejected with a message naming it. Formatting follows <c>virsh dumpxml</c>.
/// </summary>
public static partial class DomainXml
{
    private static readonly string[] TopLevelElements =
    [
        "name", "uuid", "title", "description", "metadata", "memory", "currentMemory", "vcpu", "os", "features",
        "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "devices",
        // Host-side settings of libvirt's security and cgroup drivers: they do not change the guest and
        // Strata has neither driver, so they are accepted and not kept.
        "seclabel", "resource",
    ];

    /// <summary>
    /// Parses domain XML into a validated definition, filling what libvirt fills on define
    /// (UUID, currentMemory, MAC addresses, serial ports, drive addresses, implicit console and controllers).
    /// </summary>
    /// <exception cref="InvalidDefinitionException">The XML is malformed or outside the supported subset.</exception>
    public static DomainDefinition Parse(string xml)
    {
        try
        {
            return ParseDefinition(xml);
        }
        catch (InvalidDefinitionException error) when (error.Code != ErrorCode.ConfigUnsupported && !error.FromDomainCode)
        {
            // libvirt reports these from its domain XML code (VIR_FROM_DOMAIN); "unsupported configuration" comes
            // from the hypervisor driver's own checks, as there.
            throw new InvalidDefinitionException(error.Message, error.Code) { FromDomainCode = true };
        }
    }

    private static DomainDefinition ParseDefinition(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root = Load(xml);
        if (root.Name.LocalName != "domain" || root.Name.Namespace != XNamespace.None)
        {
            throw Invalid($"unexpected root element <{NameOf(root)}>, expecting <domain>");
        }
        Allow(root, ["type", "id"], TopLevelElements);

        DomainVirtType type = RequiredAttr(root, "type") switch
        {
            "qemu" => DomainVirtType.Qemu,
            "kvm" => DomainVirtType.Kvm,
            var other => throw Unsupported($"domain type '{other}' is not supported"),
        };

        string name = root.Element("name")?.Value ?? throw NoName();
        Allow(root.Element("name")!, [], []);
        DomainName.Validate(name);

        ulong memory = ParseMemory(root.Element("memory"), "memory")
            ?? throw Invalid("Memory size must be specified via <memory> or in the <numa> configuration");
        if (memory == 0)
        {
            throw Invalid("memory size must be greater than zero in <memory>");
        }
        ulong current = ParseMemory(root.Element("currentMemory"), "currentMemory") ?? memory;
        if (current == 0)
        {
            throw Invalid("memory size must be greater than zero in <currentMemory>");
        }

        DomainOs os = ParseOs(root.Element("os"));
        var (vcpus, currentVcpus) = ParseVcpu(root.Element("vcpu"));
        var definition = new DomainDefinition
        {
            Type = type,
            Name = name,
            Uuid = ParseUuid(root.Element("uuid")),
            Title = ParseTitle(root.Element("title")),
            Description = ParseText(root.Element("description")),
            MetadataXml = ParseMetadata(root.Element("metadata")),
            MemoryKiB = memory,
            // As libvirt: a balloon target above the maximum is clamped to it.
            CurrentMemoryKiB = Math.Min(current, memory),
            Vcpus = vcpus,
            CurrentVcpus = currentVcpus,
            Os = os,
            Features = ParseFeatures(root.Element("features")),
            Cpu = ParseCpu(root.Element("cpu")),
            Clock = ParseClock(root.Element("clock")),
            OnPoweroff = ParseLifecycle(root.Element("on_poweroff"), LifecycleAction.Destroy, allowRestart: false),
            OnReboot = ParseLifecycle(root.Element("on_reboot"), LifecycleAction.Restart, allowRestart: true),
            OnCrash = ParseLifecycle(root.Element("on_crash"), LifecycleAction.Destroy, allowRestart: false),
            Devices = ParseDevices(root.Element("devices"), os),
        };
        return definition;
    }

    /// <summary>The root element of <paramref name="xml"/>, parsed safely (no DTD, no external entities); <paramref name="what"/> names it in errors.</summary>
    internal static XElement Load(string xml, string what = "domain definition")
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            // Indentation is not data; dropping it keeps <metadata> stable across round trips.
            IgnoreWhitespace = true,
        };
        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, settings);
            return XDocument.Load(reader, LoadOptions.None).Root ?? throw Invalid($"empty {what}");
        }
        catch (XmlException e)
        {
            throw Malformed(xml, what, e);
        }
    }

    private static ulong? ParseMemory(XElement? element, string name)
    {
        if (element is null)
        {
            return null;
        }
        Allow(element, ["unit"], []);
        return MemoryUnits.ToKiB(element.Value, Attr(element, "unit"), name);
    }

    private static Guid ParseUuid(XElement? element)
    {
        if (element is null)
        {
            return Guid.NewGuid();
        }
        Allow(element, [], []);
        string text = element.Value.Trim();
        if (!Guid.TryParseExact(text, "D", out Guid uuid) && !Guid.TryParseExact(text, "N", out uuid))
        {
            throw Invalid($"malformed uuid element: '{text}'");
        }
        return uuid;
    }

    private static string? ParseTitle(XElement? element)
    {
        string? title = ParseText(element);
        if (title is not null && title.Contains('\n', StringComparison.Ordinal))
        {
            throw Invalid("title can't contain newlines");
        }
        return title;
    }

    private static string? ParseText(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        Allow(element, [], []);
        return element.Value;
    }

    private static string? ParseMetadata(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        if (element.Attributes().Any(a => !a.IsNamespaceDeclaration))
        {
            Allow(element, [], []);
        }
        // Kept as XML text; a copy outside the document makes each child carry its own namespace declarations.
        var children = element.Elements().Select(child => new XElement(child).ToString(SaveOptions.None));
        return string.Join('\n', children);
    }

    private static (int Maximum, int? Current) ParseVcpu(XElement? element)
    {
        if (element is null)
        {
            return (1, null);
        }
        if (element.Attribute("cpuset") is not null)
        {
            throw Unsupported("attribute 'cpuset' of <vcpu> is not supported");
        }
        Allow(element, ["placement", "current"], []);
        string? placement = Attr(element, "placement");
        if (placement is not null and not "static")
        {
            throw Unsupported($"vcpu placement '{placement}' is not supported");
        }
        int maximum = VcpuCount(element.Value.Trim(), "<vcpu>");
        if (Attr(element, "current") is not { } text)
        {
            return (maximum, null);
        }
        int current = VcpuCount(text.Trim(), "attribute 'current' of <vcpu>");
        if (current > maximum)
        {
            // libvirt's words for a current count above the maximum.
            throw Invalid($"maxvcpus must not be less than current vcpus ({maximum} < {current})");
        }
        return (maximum, current == maximum ? null : current);
    }

    private static int VcpuCount(string text, string what)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int vcpus) || vcpus < 1)
        {
            throw Invalid($"invalid value '{text}' for {what}: expected a positive number of vCPUs");
        }
        return vcpus;
    }
}
