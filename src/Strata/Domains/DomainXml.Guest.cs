using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Strata.Domains.XmlChecks;

namespace Strata.Domains;

// Reading of the guest-wide settings: os, features, cpu, clock, lifecycle actions.
public static partial class DomainXml
{
    private static DomainOs ParseOs(XElement? element)
    {
        if (element is null)
        {
            throw Invalid("an os <type> must be specified");
        }
        Allow(element, [], ["type", "kernel", "initrd", "cmdline", "boot"]);
        XElement typeElement = element.Element("type") ?? throw Invalid("an os <type> must be specified");
        Allow(typeElement, ["arch", "machine"], []);
        string osType = typeElement.Value.Trim();
        if (osType != "hvm")
        {
            throw Unsupported($"os type '{osType}' is not supported");
        }
        string arch = Attr(typeElement, "arch") ?? "x86_64";
        if (arch != "x86_64")
        {
            throw Unsupported($"architecture '{arch}' is not supported");
        }
        string machine = Attr(typeElement, "machine") ?? "pc";
        if (!MachinePattern().IsMatch(machine))
        {
            throw Unsupported($"machine type '{machine}' is not supported (expected pc, pc-i440fx-*, q35, pc-q35-* or microvm)");
        }

        var boots = new List<BootDevice>();
        foreach (XElement boot in element.Elements("boot"))
        {
            Allow(boot, ["dev"], []);
            string dev = RequiredAttr(boot, "dev");
            BootDevice device = dev switch
            {
                "hd" => BootDevice.HardDisk,
                "cdrom" => BootDevice.Cdrom,
                "network" => BootDevice.Network,
                "fd" => BootDevice.Floppy,
                _ => throw Invalid($"unknown boot device '{dev}'"),
            };
            if (!boots.Contains(device))
            {
                boots.Add(device);
            }
        }
        if (boots.Count == 0)
        {
            // libvirt's default on define.
            boots.Add(BootDevice.HardDisk);
        }

        return new DomainOs
        {
            Type = osType,
            Arch = arch,
            Machine = machine,
            Kernel = PathElement(element, "kernel"),
            Initrd = PathElement(element, "initrd"),
            Cmdline = PathElement(element, "cmdline"),
            BootDevices = boots,
        };
    }

    private static string? PathElement(XElement parent, string name)
    {
        XElement? element = parent.Element(name);
        if (element is null)
        {
            return null;
        }
        Allow(element, [], []);
        return element.Value;
    }

    private static DomainFeatures ParseFeatures(XElement? element)
    {
        if (element is null)
        {
            return new DomainFeatures();
        }
        Allow(element, [], ["acpi", "apic", "pae"]);
        foreach (XElement feature in element.Elements())
        {
            Allow(feature, [], []);
        }
        return new DomainFeatures
        {
            Acpi = element.Element("acpi") is not null,
            Apic = element.Element("apic") is not null,
            Pae = element.Element("pae") is not null,
        };
    }

    private static DomainCpu? ParseCpu(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        Allow(element, ["mode", "match", "check", "migratable"], ["model", "feature"]);
        CpuMode mode = Attr(element, "mode") switch
        {
            null or "custom" => CpuMode.Custom,
            "host-model" => CpuMode.HostModel,
            "host-passthrough" => CpuMode.HostPassthrough,
            var other => throw Unsupported($"cpu mode '{other}' is not supported"),
        };
        string? match = Attr(element, "match");
        if (match is not null and not ("exact" or "minimum" or "strict"))
        {
            throw Invalid($"invalid cpu match value '{match}'");
        }
        string? check = Attr(element, "check");
        if (check is not null and not ("none" or "partial" or "full"))
        {
            throw Invalid($"invalid cpu check value '{check}'");
        }
        string? migratable = Attr(element, "migratable");
        if (migratable is not null and not "on")
        {
            throw Unsupported($"cpu migratable '{migratable}' is not supported");
        }

        string? model = null;
        string? fallback = null;
        if (element.Element("model") is { } modelElement)
        {
            Allow(modelElement, ["fallback"], []);
            model = modelElement.Value.Trim();
            if (!CpuModelPattern().IsMatch(model))
            {
                throw Invalid($"invalid cpu model name '{model}'");
            }
            fallback = Attr(modelElement, "fallback");
            if (fallback is not null and not ("allow" or "forbid"))
            {
                throw Invalid($"invalid cpu model fallback value '{fallback}'");
            }
        }
        if (mode == CpuMode.HostPassthrough && model is not null)
        {
            throw Unsupported("a cpu <model> is not supported with mode 'host-passthrough'");
        }

        var features = new List<CpuFeature>();
        foreach (XElement feature in element.Elements("feature"))
        {
            Allow(feature, ["policy", "name"], []);
            string policy = Attr(feature, "policy") ?? "require";
            if (policy is not ("force" or "require" or "optional" or "disable" or "forbid"))
            {
                throw Invalid($"invalid cpu feature policy '{policy}'");
            }
            string featureName = RequiredAttr(feature, "name");
            if (!CpuModelPattern().IsMatch(featureName))
            {
                throw Invalid($"invalid cpu feature name '{featureName}'");
            }
            features.Add(new CpuFeature(policy, featureName));
        }

        return new DomainCpu
        {
            Mode = mode,
            Match = match,
            Check = check,
            Migratable = migratable,
            Model = model,
            Fallback = fallback,
            Features = features,
        };
    }

    private static ClockOffset ParseClock(XElement? element)
    {
        if (element is null)
        {
            return ClockOffset.Utc;
        }
        Allow(element, ["offset"], []);
        return Attr(element, "offset") switch
        {
            null or "utc" => ClockOffset.Utc,
            "localtime" => ClockOffset.LocalTime,
            var other => throw Unsupported($"clock offset '{other}' is not supported"),
        };
    }

    private static LifecycleAction ParseLifecycle(XElement? element, LifecycleAction fallback, bool allowRestart)
    {
        if (element is null)
        {
            return fallback;
        }
        Allow(element, [], []);
        string value = element.Value.Trim();
        return value switch
        {
            "destroy" => LifecycleAction.Destroy,
            "restart" when allowRestart => LifecycleAction.Restart,
            "restart" or "preserve" or "rename-restart" or "coredump-destroy" or "coredump-restart"
                => throw Unsupported($"<{element.Name.LocalName}> action '{value}' is not supported"),
            _ => throw Invalid($"invalid <{element.Name.LocalName}> action '{value}'"),
        };
    }

    [GeneratedRegex(@"^(pc|q35|microvm|pc-i440fx-[0-9]+\.[0-9]+|pc-q35-[0-9]+\.[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MachinePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CpuModelPattern();
}
