using System.Globalization;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Strata.Cli.Shell;
using Strata.Pools;

namespace Strata.Cli.Commands;

/// <summary>
/// virsh's commands that change a domain's definitions: setmem, setmaxmem, setvcpus, attach-device, detach-device,
/// attach-disk, detach-disk and detach-interface. Without --config, --live or --current each changes the running
/// domain, as virsh then calls libvirt's older functions; setmaxmem then changes the current definition.
/// </summary>
internal static class DomainChanges
{
    private static readonly OptionSpec[] ImpactOptions =
    [
        OptionSpec.Flag("config", "affect next boot"),
        OptionSpec.Flag("live", "affect running domain"),
        OptionSpec.Flag("current", "affect current domain"),
    ];

    private static readonly OptionSpec Persistent = OptionSpec.Flag("persistent", "make live change persistent");

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("setmem", "domain", "change memory allocation", "Change the current memory allocation in the guest domain.",
            [OptionSpec.Domain(), OptionSpec.Data("size", "new memory size, as scaled integer (default KiB)"), .. ImpactOptions],
            context => SetMemoryAsync(context, maximum: false));
        yield return new("setmaxmem", "domain", "change maximum memory limit", "Change the maximum memory allocation limit in the guest domain.",
            [OptionSpec.Domain(), OptionSpec.Data("size", "new maximum memory size, as scaled integer (default KiB)"), .. ImpactOptions],
            context => SetMemoryAsync(context, maximum: true));
        yield return new("setvcpus", "domain", "change number of virtual CPUs", "Change the number of virtual CPUs in the guest domain.",
            [OptionSpec.Domain(), OptionSpec.Data("count", "number of virtual CPUs"), OptionSpec.Flag("maximum", "set maximum limit on next boot"), .. ImpactOptions],
            SetVcpusAsync);
        yield return new("attach-device", "domain", "attach device from an XML file", "Attach device from an XML <file>.",
            [OptionSpec.Domain(), OptionSpec.Data("file", "XML file"), Persistent, .. ImpactOptions],
            context => DeviceFromFileAsync(context, attach: true));
        yield return new("detach-device", "domain", "detach device from an XML file", "Detach device from an XML <file>",
            [OptionSpec.Domain(), OptionSpec.Data("file", "XML file"), Persistent, .. ImpactOptions],
            context => DeviceFromFileAsync(context, attach: false));
        yield return new("attach-disk", "domain", "attach disk device", "Attach new disk device.",
            [
                OptionSpec.Domain(),
                OptionSpec.Data("source", "source of disk device or name of network disk"),
                OptionSpec.Data("target", "target of disk device"),
                OptionSpec.Value("targetbus", "target bus of disk device"),
                OptionSpec.Value("driver", "driver of disk device"),
                OptionSpec.Value("subdriver", "subdriver of disk device"),
                OptionSpec.Value("cache", "cache mode of disk device"),
                OptionSpec.Value("type", "target device type"),
                OptionSpec.Value("mode", "mode of device reading and writing"),
                OptionSpec.Value("sourcetype", "type of source (block|file)"),
                OptionSpec.Value("serial", "serial of disk device"),
                OptionSpec.Flag("print-xml", "print XML document rather than attach the disk"),
                Persistent, .. ImpactOptions,
            ],
            AttachDiskAsync);
        yield return new("detach-disk", "domain", "detach disk device", "Detach disk device.",
            [OptionSpec.Domain(), OptionSpec.Data("target", "target of disk device"), Persistent, .. ImpactOptions,
             OptionSpec.Flag("print-xml", "print XML document rather than detach the disk")],
            DetachDiskAsync);
        yield return new("detach-interface", "domain", "detach network interface", "Detach network interface.",
            [OptionSpec.Domain(), OptionSpec.Data("type", "network interface type"), OptionSpec.Value("mac", "MAC address"), Persistent, .. ImpactOptions,
             OptionSpec.Flag("print-xml", "print XML document rather than detach the interface")],
            DetachInterfaceAsync);
    }

    private static async Task<int> SetMemoryAsync(CommandContext context, bool maximum)
    {
        var impact = Impact(context.Args, allowPersistent: false);
        ulong kib = KibibytesOf(context.Args.Required("size"));
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        try
        {
            // libvirt's public API refuses zero before any driver sees it, in these words.
            if (kib == 0)
                throw new StrataException(ErrorCode.InvalidArg, "memory in virDomainSetMemoryFlags must not be zero");
            await driver.SetMemoryAsync(domain, kib, maximum, impact ?? (maximum ? DomainModification.Current : DomainModification.Live),
                context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error) when (maximum)
        {
            throw new CommandFailedException("Unable to change MaxMemorySize", error);
        }
        return 0;
    }

    private static async Task<int> SetVcpusAsync(CommandContext context)
    {
        var args = context.Args;
        var impact = Impact(args, allowPersistent: false);
        if (args.Has("maximum") && !args.Has("config"))
            throw new CommandFailedException("Option --config is required by option --maximum");
        int count = args.Int("count", signed: false) ?? throw new UsageException("command requires <count> option");
        if (count == 0)
            throw new CommandFailedException("Can't set 0 processors for a VM");
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        await driver.SetVcpusAsync(domain, count, args.Has("maximum"), impact ?? DomainModification.Live, context.Cancellation).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> DeviceFromFileAsync(CommandContext context, bool attach)
    {
        string file = context.Args.Required("file");
        var domain = await context.DomainAsync().ConfigureAwait(false);
        string xml = await Definitions.ReadFileAsync(file, context.Cancellation).ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var impact = await DeviceImpactAsync(context, domain).ConfigureAwait(false);
        try
        {
            await (attach
                ? driver.AttachDeviceAsync(domain, xml, impact, context.Cancellation)
                : driver.DetachDeviceAsync(domain, xml, impact, context.Cancellation)).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to {(attach ? "attach" : "detach")} device from {file}", error);
        }
        context.Out.WriteLine(attach ? "Device attached successfully" : "Device detached successfully");
        return 0;
    }

    private static async Task<int> AttachDiskAsync(CommandContext context)
    {
        var args = context.Args;
        string xml = DiskXml(args);
        if (args.Has("print-xml"))
        {
            context.Out.Write(xml);
            return 0;
        }
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var impact = await DeviceImpactAsync(context, domain).ConfigureAwait(false);
        try
        {
            await driver.AttachDeviceAsync(domain, xml, impact, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException("Failed to attach disk", error);
        }
        context.Out.WriteLine("Disk attached successfully");
        return 0;
    }

    /// <summary>As virsh: the disk is found in the domain's XML by target or source path.</summary>
    private static Task<int> DetachDiskAsync(CommandContext context)
    {
        string target = context.Args.Required("target");
        return DetachFoundAsync(context, "disk", devices => devices.Elements("disk").FirstOrDefault(d =>
                (string?)d.Element("target")?.Attribute("dev") == target
                || d.Element("source")?.Attributes().Any(a => a.Name.LocalName is "file" or "dev" or "dir" && a.Value == target) == true)
            ?? throw new CommandFailedException($"No disk found whose source path or target is {target}"));
    }

    /// <summary>As virsh: the interface is found in the domain's XML by type (and MAC, when several have it).</summary>
    private static Task<int> DetachInterfaceAsync(CommandContext context)
    {
        string type = context.Args.Required("type");
        string? mac = context.Args.Get("mac");
        return DetachFoundAsync(context, "interface", devices =>
        {
            var ofType = devices.Elements("interface").Where(i => (string?)i.Attribute("type") == type).ToList();
            if (ofType.Count == 0)
                throw new CommandFailedException($"No interface found whose type is {type}");
            var matching = mac is null
                ? ofType
                : ofType.Where(i => string.Equals((string?)i.Element("mac")?.Attribute("address"), mac, StringComparison.OrdinalIgnoreCase)).ToList();
            return matching.Count switch
            {
                0 => throw new CommandFailedException($"No interface with MAC address {mac} was found"),
                1 => matching[0],
                var many => throw new CommandFailedException($"Domain has {many} interfaces. Please specify which one to detach using --mac"),
            };
        });
    }

    /// <summary>
    /// virsh's detach-disk and detach-interface: <paramref name="find"/> picks the device in the domain's XML (the
    /// persistent one for --config), which is printed (--print-xml) or detached as it stands there.
    /// </summary>
    private static async Task<int> DetachFoundAsync(CommandContext context, string kind, Func<XElement, XElement> find)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var impact = await DeviceImpactAsync(context, domain).ConfigureAwait(false);
        var root = XElement.Parse(await driver.GetXmlAsync(domain, inactive: impact == DomainModification.Config, context.Cancellation).ConfigureAwait(false));
        var device = find(root.Element("devices") ?? new XElement("devices"));
        if (context.Args.Has("print-xml"))
        {
            context.Out.WriteLine(device.ToString());
            return 0;
        }
        try
        {
            await driver.DetachDeviceAsync(domain, device.ToString(SaveOptions.DisableFormatting), impact, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to detach {kind}", error);
        }
        context.Out.WriteLine($"{char.ToUpperInvariant(kind[0])}{kind[1..]} detached successfully");
        return 0;
    }

    /// <summary>
    /// virsh's --current, --live and --config (and --persistent where <paramref name="allowPersistent"/>); null when
    /// none was given.
    /// </summary>
    private static DomainModification? Impact(ParsedArguments args, bool allowPersistent)
    {
        if (allowPersistent)
            args.RequireExclusive("persistent", "current");
        args.RequireExclusive("current", "live");
        args.RequireExclusive("current", "config");
        if (args.Has("current"))
            return DomainModification.Current;
        if (!args.Has("live") && !args.Has("config"))
            return null;
        return (args.Has("live") ? DomainModification.Live : 0) | (args.Has("config") ? DomainModification.Config : 0);
    }

    /// <summary>The impact of an attach or detach: --persistent adds the persistent definition, and the live one while the domain runs.</summary>
    private static async Task<DomainModification> DeviceImpactAsync(CommandContext context, DomainRef domain)
    {
        var impact = Impact(context.Args, allowPersistent: true);
        if (!context.Args.Has("persistent"))
            return impact ?? DomainModification.Live;
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        bool active = (await driver.GetStatusAsync(domain, context.Cancellation).ConfigureAwait(false)).IsActive;
        return (impact ?? 0) | DomainModification.Config | (active ? DomainModification.Live : 0);
    }

    /// <summary>The disk element virsh's attach-disk writes for its options (what it prints with --print-xml).</summary>
    private static string DiskXml(ParsedArguments args)
    {
        static string Escape(string text) => SecurityElement.Escape(text);
        string sourceType = args.Get("sourcetype") ?? "file";
        if (sourceType is not ("file" or "block"))
            throw new CommandFailedException($"Unknown source type: '{sourceType}'");
        var xml = new StringBuilder($"<disk type='{sourceType}'");
        if (args.Get("type") is { } device)
            xml.Append(CultureInfo.InvariantCulture, $" device='{Escape(device)}'");
        xml.Append(">\n");
        if (args.Get("driver") is not null || args.Get("subdriver") is not null || args.Get("cache") is not null)
        {
            xml.Append("  <driver");
            foreach (var (attribute, option) in new[] { ("name", "driver"), ("type", "subdriver"), ("cache", "cache") })
                if (args.Get(option) is { } value)
                    xml.Append(CultureInfo.InvariantCulture, $" {attribute}='{Escape(value)}'");
            xml.Append("/>\n");
        }
        xml.Append(CultureInfo.InvariantCulture, $"  <source {(sourceType == "block" ? "dev" : "file")}='{Escape(args.Required("source"))}'/>\n");
        xml.Append(CultureInfo.InvariantCulture, $"  <target dev='{Escape(args.Required("target"))}'");
        if (args.Get("targetbus") is { } bus)
            xml.Append(CultureInfo.InvariantCulture, $" bus='{Escape(bus)}'");
        xml.Append("/>\n");
        switch (args.Get("mode"))
        {
            case null:
                break;
            case "readonly":
                xml.Append("  <readonly/>\n");
                break;
            case "shareable":
                xml.Append("  <shareable/>\n");
                break;
            case var mode:
                throw new CommandFailedException($"No support for {mode} in command 'attach-disk'");
        }
        if (args.Get("serial") is { } serial)
            xml.Append(CultureInfo.InvariantCulture, $"  <serial>{Escape(serial)}</serial>\n");
        return xml.Append("</disk>\n").ToString();
    }

    /// <summary>virsh's scaled integer for memory sizes: KiB without a suffix, rounded up to whole KiB.</summary>
    private static ulong KibibytesOf(string text)
    {
        bool suffixed = text.Length > 0 && !char.IsAsciiDigit(text[^1]);
        ulong bytes;
        try
        {
            bytes = StorageSize.Parse(suffixed ? text : text + "KiB");
        }
        catch (StrataException error)
        {
            string malformed = $"Scaled numeric value '{text}' for <size> option is malformed or out of range";
            throw text.Length > 0 && char.IsAsciiDigit(text[0]) && suffixed
                ? new CommandFailedException(malformed, error)
                : new CommandFailedException(malformed);
        }
        return bytes / 1024 + (bytes % 1024 == 0 ? 0UL : 1UL);
    }
}
