using Strata.Cli.Shell;
using Strata.Pools;

namespace Strata.Cli.Commands;

/// <summary><c>pool-list</c>: virsh's table (or its wider <c>--details</c> one), names or UUIDs.</summary>
internal static class PoolList
{
    public static CommandSpec Command() => new("pool-list", "pool", "list pools", "Returns list of pools.",
        [
            OptionSpec.Flag("inactive", "list inactive pools"),
            OptionSpec.Flag("all", "list inactive & active pools"),
            OptionSpec.Flag("transient", "list transient pools"),
            OptionSpec.Flag("persistent", "list persistent pools"),
            OptionSpec.Flag("autostart", "list pools with autostart enabled"),
            OptionSpec.Flag("no-autostart", "list pools with autostart disabled"),
            OptionSpec.Value("type", "only list pool of specified type(s) (if supported)"),
            OptionSpec.Flag("details", "display extended details for pools"),
            OptionSpec.Flag("uuid", "list UUID of active pools only"),
            OptionSpec.Flag("name", "list name of active pools only"),
        ],
        RunAsync);

    private static async Task<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        bool all = args.Has("all"), inactive = args.Has("inactive");
        var types = args.Get("type")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var storage = await context.StorageAsync().ConfigureAwait(false);
        var pools = (await storage.ListPoolsAsync(context.Cancellation).ConfigureAwait(false))
            .Where(p => all || (inactive ? !p.Info.IsActive : p.Info.IsActive))
            .Where(p => !args.Has("transient") || !p.Info.Persistent)
            .Where(p => !args.Has("persistent") || p.Info.Persistent)
            .Where(p => !args.Has("autostart") || p.Info.Autostart)
            .Where(p => !args.Has("no-autostart") || !p.Info.Autostart)
            .Where(p => types is null || types.Contains("dir"))
            .ToList();

        if (args.Has("name") || args.Has("uuid"))
        {
            foreach (var p in pools)
            {
                // virsh's printf widths: %-36s for the UUID, %-20s for the name.
                string name = p.Pool.Name.PadRight(20);
                context.Out.WriteLine(args.Has("uuid") && args.Has("name") ? $"{p.Pool.Uuid} {name}" : args.Has("uuid") ? p.Pool.Uuid.ToString() : name);
            }
            return 0;
        }
        if (!args.Has("details"))
        {
            Table.Write(context.Out, ["Name", "State", "Autostart"], pools.Select(p => (IReadOnlyList<string>)
                [p.Pool.Name, p.Info.IsActive ? "active" : "inactive", p.Info.Autostart ? "yes" : "no"]).ToList());
            return 0;
        }
        Table.Write(context.Out, ["Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available"], pools.Select(p =>
        {
            string Size(ulong bytes) => p.Info.IsActive ? Capacity.Pretty(bytes) : "-";
            return (IReadOnlyList<string>)[p.Pool.Name, p.Info.IsActive ? "running" : "inactive", p.Info.Autostart ? "yes" : "no",
                p.Info.Persistent ? "yes" : "no", Size(p.Info.Capacity), Size(p.Info.Allocation), Size(p.Info.Available)];
        }).ToList());
        return 0;
    }
}
