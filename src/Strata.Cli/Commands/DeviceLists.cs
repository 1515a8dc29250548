using System.Xml.Linq;
using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>virsh's domblklist and domiflist: a domain's disks and network interfaces, read from its XML.</summary>
internal static class DeviceLists
{
    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("domblklist", "monitor", "list all domain blocks", "Get the summary of block devices for a domain.",
            [OptionSpec.Domain(), OptionSpec.Flag("inactive", "get inactive rather than running configuration"),
             OptionSpec.Flag("details", "additionally display the type and device value")],
            BlockListAsync);
        yield return new("domiflist", "monitor", "list all domain virtual interfaces", "Get the summary of virtual interfaces for a domain.",
            [OptionSpec.Domain(), OptionSpec.Flag("inactive", "get inactive rather than running configuration")],
            InterfaceListAsync);
    }

    private static async Task<int> BlockListAsync(CommandContext context)
    {
        bool details = context.Args.Has("details");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var disk in await DevicesAsync(context, "disk").ConfigureAwait(false))
        {
            string target = (string?)disk.Element("target")?.Attribute("dev") ?? "-";
            var source = disk.Element("source");
            string path = (string?)source?.Attribute("file") ?? (string?)source?.Attribute("dev") ?? (string?)source?.Attribute("dir")
                ?? (string?)source?.Attribute("name") ?? VolumeName(source) ?? "-";
            rows.Add(details
                ? [(string?)disk.Attribute("type") ?? "-", (string?)disk.Attribute("device") ?? "disk", target, path]
                : [target, path]);
        }
        Table.Write(context.Out, details ? ["Type", "Device", "Target", "Source"] : ["Target", "Source"], rows);
        return 0;
    }

    private static async Task<int> InterfaceListAsync(CommandContext context)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var nic in await DevicesAsync(context, "interface").ConfigureAwait(false))
        {
            var source = nic.Element("source");
            rows.Add([
                (string?)nic.Element("target")?.Attribute("dev") ?? "-",
                (string?)nic.Attribute("type") ?? "-",
                (string?)source?.Attribute("network") ?? (string?)source?.Attribute("bridge") ?? (string?)source?.Attribute("dev") ?? "-",
                (string?)nic.Element("model")?.Attribute("type") ?? "-",
                (string?)nic.Element("mac")?.Attribute("address") ?? "-",
            ]);
        }
        Table.Write(context.Out, ["Interface", "Type", "Source", "Model", "MAC"], rows);
        return 0;
    }

    private static async Task<IEnumerable<XElement>> DevicesAsync(CommandContext context, string kind)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        string xml = await driver.GetXmlAsync(domain, context.Args.Has("inactive"), context.Cancellation).ConfigureAwait(false);
        return XElement.Parse(xml).Element("devices")?.Elements(kind) ?? [];
    }

    /// <summary>A disk from a storage pool shows as POOL/VOLUME.</summary>
    private static string? VolumeName(XElement? source) =>
        source?.Attribute("pool") is { } pool && source.Attribute("volume") is { } volume ? $"{pool.Value}/{volume.Value}" : null;
}
