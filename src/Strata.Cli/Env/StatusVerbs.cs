using Strata.Cli.Shell;
using Strata.Environments.Machines;

namespace Strata.Cli.Env;

/// <summary>status and global-status: answered from state files and the driver, booting nothing.</summary>
internal static class StatusVerbs
{
    public static async Task<int> StatusAsync(EnvContext context)
    {
        EnvArguments.Parse("status", context.Args, []).AtMost(0, "no arguments");
        var project = context.Project();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var status in await project.StatusAsync(context.Cancellation).ConfigureAwait(false))
        {
            string ssh = status.IsRunning && status.State is { } state ? $"127.0.0.1:{state.SshPort}" : "";
            string note = status.InFile ? "" : " (not in strata.yaml: destroy it)";
            rows.Add([status.Machine, status.Text + note, ssh, status.IsCreated ? status.State!.Domain : ""]);
        }
        Table.Write(context.Out, ["Name", "State", "SSH", "Domain"], rows);
        return 0;
    }

    public static async Task<int> GlobalStatusAsync(EnvContext context)
    {
        EnvArguments.Parse("global-status", context.Args, []).AtMost(0, "no arguments");
        var machines = await GlobalStatus.ReadAsync(context.Index, context.Cancellation).ConfigureAwait(false);
        if (machines.Count == 0)
        {
            context.Out.WriteLine("There are no environments on this host ('strata env up' in a folder with a strata.yaml makes one).");
            return 0;
        }
        Table.Write(context.Out, ["Id", "Name", "State", "Domain", "Directory"],
            [.. machines.Select(m => (IReadOnlyList<string>)[m.Id, m.Machine, m.State, m.Domain, m.Directory])]);
        return 0;
    }
}
