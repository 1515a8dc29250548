using System.Globalization;
using System.Xml.Linq;
using Strata.Cli.Shell;
using Strata.Host;

namespace Strata.Cli.Commands;

/// <summary>nodecpustats, nodememstats, freecell: how busy and how full the host is, in virsh's layout.</summary>
internal static class HostStatsCommands
{
    // virsh's order for CPU time, whatever order the driver sends it in ("kernel" is printed as "system").
    private static readonly (string Field, string Label)[] CpuRows = [("user", "user:"), ("kernel", "system:"), ("idle", "idle:"), ("iowait", "iowait:")];

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("nodecpustats", "host", "Prints cpu stats of the node.", "Returns cpu stats of the node, in nanoseconds.",
            [OptionSpec.Data("cpu", "prints specified cpu statistics only.", required: false), OptionSpec.Flag("percent", "prints by percentage during 1 second.")],
            CpuStatsAsync);
        yield return new("nodememstats", "host", "Prints memory stats of the node.", "Returns memory stats of the node, in kilobytes.",
            [OptionSpec.Data("cell", "prints specified cell statistics only.", required: false)], MemoryStatsAsync);
        yield return new("freecell", "host", "NUMA free memory", "display available free memory for the NUMA cell.",
            [OptionSpec.Data("cellno", "NUMA cell number", required: false), OptionSpec.Flag("all", "show free memory for all NUMA cells")], FreeCellAsync);
    }

    private static async Task<int> CpuStatsAsync(CommandContext context)
    {
        int cpu = context.Args.Int("cpu") ?? HostStats.All;
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var first = await CpuTimesAsync(driver, cpu, context.Cancellation).ConfigureAwait(false);
        if (!context.Args.Has("percent"))
        {
            foreach (var (field, label) in CpuRows)
            {
                if (first.TryGetValue(field, out ulong value))
                    context.Out.WriteLine($"{label,-15} {value,20}");
            }
            return 0;
        }

        // As virsh: two samples a second apart, each kind of time as a share of all of it.
        await Task.Delay(TimeSpan.FromSeconds(1), context.Cancellation).ConfigureAwait(false);
        var second = await CpuTimesAsync(driver, cpu, context.Cancellation).ConfigureAwait(false);
        double Delta(string field) => first.TryGetValue(field, out ulong a) && second.TryGetValue(field, out ulong b) ? b - (double)a : 0;
        double total = CpuRows.Sum(r => Delta(r.Field));
        double Percent(double part) => total > 0 ? part / total * 100 : 0;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"usage:",-15} {Percent(Delta("user") + Delta("kernel")),5:0.0}%"));
        foreach (var (field, label) in CpuRows)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-15} {Percent(Delta(field)),5:0.0}%"));
        return 0;
    }

    private static async Task<Dictionary<string, ulong>> CpuTimesAsync(IDriver driver, int cpu, CancellationToken cancellationToken)
    {
        try
        {
            return (await driver.GetNodeCpuStatsAsync(cpu, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Field, s => s.Value);
        }
        catch (StrataException error)
        {
            // virsh counts the statistics first, which fails only where there are none; the CPU is checked after.
            throw new CommandFailedException(error.Code == ErrorCode.NoSupport ? "Unable to get number of cpu stats" : "Unable to get node cpu stats", error);
        }
    }

    private static async Task<int> MemoryStatsAsync(CommandContext context)
    {
        int cell = context.Args.Int("cell") ?? HostStats.All;
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        IReadOnlyList<NodeStat> stats;
        try
        {
            stats = await driver.GetNodeMemoryStatsAsync(cell, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException("Unable to get number of memory stats", error);
        }
        foreach (var stat in stats)
            context.Out.WriteLine($"{stat.Field,-7}: {stat.Value,20} KiB");
        return 0;
    }

    private static async Task<int> FreeCellAsync(CommandContext context)
    {
        int? cellNumber = context.Args.Int("cellno");
        bool all = context.Args.Has("all");
        context.Args.RequireExclusive("all", "cellno");
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var o = context.Out;
        if (cellNumber is { } cell)
        {
            ulong free = (await driver.GetCellsFreeMemoryAsync(cell, 1, context.Cancellation).ConfigureAwait(false)).FirstOrDefault();
            o.WriteLine($"{cell}: {free / 1024} KiB");
        }
        else if (!all)
        {
            o.WriteLine($"Total: {await driver.GetFreeMemoryAsync(context.Cancellation).ConfigureAwait(false) / 1024} KiB");
        }
        else
        {
            // As virsh: the cells are the ones the capabilities name.
            var cells = XDocument.Parse(await driver.GetCapabilitiesAsync(context.Cancellation).ConfigureAwait(false))
                .Descendants("cells").Elements("cell").Select(c => int.Parse((string?)c.Attribute("id") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture)).ToList();
            if (cells.Count == 0)
                throw new CommandFailedException("could not get information about NUMA topology");
            ulong total = 0;
            foreach (int id in cells)
            {
                ulong free = (await driver.GetCellsFreeMemoryAsync(id, 1, context.Cancellation).ConfigureAwait(false)).FirstOrDefault() / 1024;
                total += free;
                o.WriteLine($"{id,5}: {free,10} KiB");
            }
            o.WriteLine("--------------------");
            o.WriteLine($"{"Total",5}: {total,10} KiB");
        }
        return 0;
    }
}
