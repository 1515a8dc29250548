using System.Globalization;
using Strata.Cli.Shell;

namespace Strata.Cli.Env;

/// <summary>snapshot save|restore|list|delete: qcow2 internal snapshots of every machine's overlay, under one name.</summary>
internal static class SnapshotVerbs
{
    public static async Task<int> RunAsync(EnvContext context)
    {
        if (context.Args.Length == 0)
            throw new UsageException("'env snapshot' needs save, restore, list or delete");
        string action = context.Args[0];
        var args = EnvArguments.Parse($"snapshot {action}", context.Args[1..], ["--no-start"]);
        var project = context.Project();
        if (action == "list")
        {
            args.AtMost(0, "no arguments");
            var rows = new List<IReadOnlyList<string>>();
            foreach (var (machine, snapshots) in await project.SnapshotListAsync(context.Cancellation).ConfigureAwait(false))
            {
                foreach (var snapshot in snapshots)
                    rows.Add([machine.Name, snapshot.Name, snapshot.Date.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]);
            }
            if (rows.Count == 0)
                context.Out.WriteLine("No snapshots have been saved yet ('strata env snapshot save NAME').");
            else
                Table.Write(context.Out, ["Machine", "Snapshot", "Date"], rows);
            return 0;
        }
        if (args.Positionals.Count != 1)
            throw new UsageException($"'env snapshot {action}' needs one snapshot name");
        string name = args.Positionals[0];
        if (args.Has("--no-start") && action != "restore")
            throw new UsageException("--no-start goes with 'snapshot restore' only");
        var machines = project.Machines;
        await (action switch
        {
            "save" => context.ReportAsync(machines, live: true, r => project.SnapshotSaveAsync(name, r, context.Cancellation)),
            "restore" => context.ReportAsync(machines, live: true, r => project.SnapshotRestoreAsync(name, !args.Has("--no-start"), r, context.Cancellation)),
            "delete" => context.ReportAsync(machines, live: true, r => project.SnapshotDeleteAsync(name, r, context.Cancellation)),
            _ => throw new UsageException($"unknown snapshot action '{action}' (save, restore, list or delete)"),
        }).ConfigureAwait(false);
        return 0;
    }
}
