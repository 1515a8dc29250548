using System.Globalization;
using Strata.Cli.Shell;
using Strata.Domains;

namespace Strata.Cli.Commands;

/// <summary><c>domblkstat</c> and <c>domblkinfo</c>: a disk's I/O counters and sizes, as virsh prints them.</summary>
internal static class DomainBlockQueries
{
    /// <summary>Each counter: virsh's short name and its --human label.</summary>
    private static readonly (string Name, string Label, Func<BlockStats, long> Value)[] Counters =
    [
        ("rd_req", "number of read operations:", s => s.ReadOperations),
        ("rd_bytes", "number of bytes read:", s => s.ReadBytes),
        ("wr_req", "number of write operations:", s => s.WriteOperations),
        ("wr_bytes", "number of bytes written:", s => s.WriteBytes),
        ("flush_operations", "number of flush operations:", s => s.FlushOperations),
        ("rd_total_times", "total duration of reads (ns):", s => s.ReadTimeNs),
        ("wr_total_times", "total duration of writes (ns):", s => s.WriteTimeNs),
        ("flush_total_times", "total duration of flushes (ns):", s => s.FlushTimeNs),
    ];

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("domblkstat", "monitor", "get device block stats for a domain",
            "Get device block stats for a running domain. See man page or use --human for explanation of fields",
            [OptionSpec.Domain(), OptionSpec.Data("device", "block device", required: false), OptionSpec.Flag("human", "print a more human readable output")],
            StatAsync);
        yield return new("domblkinfo", "monitor", "domain block device size information",
            "Get block device size info for a domain.",
            [OptionSpec.Domain(), OptionSpec.Data("device", "block device", required: false),
             OptionSpec.Flag("human", "Human readable output"), OptionSpec.Flag("all", "display all block devices info")],
            InfoAsync);
    }

    private static async Task<int> StatAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        string device = context.Args.Get("device") ?? "";
        var stats = await driver.GetBlockStatsAsync(domain, device, context.Cancellation).ConfigureAwait(false);
        if (context.Args.Has("human"))
            context.Out.WriteLine($"Device: {device}");
        foreach (var (name, label, value) in Counters)
        {
            string number = value(stats).ToString(CultureInfo.InvariantCulture);
            context.Out.WriteLine(context.Args.Has("human") ? $" {label,-31} {number}" : $"{device} {name} {number}");
        }
        return 0;
    }

    private static async Task<int> InfoAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var ct = context.Cancellation;
        bool human = context.Args.Has("human");
        string Size(ulong bytes) => human ? Capacity.Pretty(bytes, decimals: 3) : bytes.ToString(CultureInfo.InvariantCulture);

        if (!context.Args.Has("all"))
        {
            string device = context.Args.Get("device") ?? throw new CommandFailedException("command 'domblkinfo' requires <device> option");
            var info = await driver.GetBlockInfoAsync(domain, device, ct).ConfigureAwait(false);
            Capacity.Field(context.Out, "Capacity", Size(info.Capacity));
            Capacity.Field(context.Out, "Allocation", Size(info.Allocation));
            Capacity.Field(context.Out, "Physical", Size(info.Physical));
            return 0;
        }

        // Every disk of the live definition; one without a medium, or whose image cannot be read, shows dashes.
        var definition = DomainXml.Parse(await driver.GetXmlAsync(domain, inactive: false, ct).ConfigureAwait(false));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var disk in definition.Devices.Disks)
        {
            try
            {
                var info = await driver.GetBlockInfoAsync(domain, disk.TargetDev, ct).ConfigureAwait(false);
                rows.Add([disk.TargetDev, Size(info.Capacity), Size(info.Allocation), Size(info.Physical)]);
            }
            catch (StrataException)
            {
                rows.Add([disk.TargetDev, "-", "-", "-"]);
            }
        }
        Table.Write(context.Out, ["Target", "Capacity", "Allocation", "Physical"], rows);
        return 0;
    }
}
