using Strata.Cli.Shell;
using Strata.Environments.Machines;

namespace Strata.Cli.Env;

/// <summary>The verbs that change machines: up, provision, halt, reload, suspend, resume, destroy.</summary>
internal static class MachineVerbs
{
    public static async Task<int> UpAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("up", context.Args, ["--provision", "--no-provision"]);
        var mode = ProvisionModeOf(args);
        var project = context.Project();
        var machines = project.Select(args.Positionals);
        await context.ReportAsync(machines, live: true, r => project.UpAsync(machines, mode, r, context.Cancellation)).ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> ReloadAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("reload", context.Args, ["--provision", "--no-provision"]);
        var mode = ProvisionModeOf(args);
        var project = context.Project();
        var machines = project.Select(args.Positionals);
        await context.ReportAsync(machines, live: true, r => project.ReloadAsync(machines, mode, r, context.Cancellation)).ConfigureAwait(false);
        return 0;
    }

    public static Task<int> ProvisionAsync(EnvContext context) =>
        RunAsync(context, "provision", (project, machines, r) => project.ProvisionAsync(machines, r, context.Cancellation));

    public static async Task<int> HaltAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("halt", context.Args, ["-f", "--force"]);
        var project = context.Project();
        var machines = project.Select(args.Positionals);
        bool force = args.Has("-f") || args.Has("--force");
        await context.ReportAsync(machines, live: false, r => project.HaltAsync(machines, force, r, context.Cancellation)).ConfigureAwait(false);
        return 0;
    }

    public static Task<int> SuspendAsync(EnvContext context) =>
        RunAsync(context, "suspend", (project, machines, r) => project.SuspendAsync(machines, r, context.Cancellation));

    public static Task<int> ResumeAsync(EnvContext context) =>
        RunAsync(context, "resume", (project, machines, r) => project.ResumeAsync(machines, r, context.Cancellation));

    /// <summary>Asks first, as Vagrant does, unless -f: one question for all the machines named.</summary>
    public static async Task<int> DestroyAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("destroy", context.Args, ["-f", "--force"]);
        var project = context.Project();
        var machines = project.Select(args.Positionals);
        if (!(args.Has("-f") || args.Has("--force")))
        {
            string names = string.Join(", ", machines.Select(m => m.Name));
            context.Out.Write($"Destroy {names} (domains, disks and state)? [y/N] ");
            context.Out.Flush();
            string? answer = Console.ReadLine();
            if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
            {
                context.Out.WriteLine("Nothing destroyed.");
                return 1;
            }
        }
        await context.ReportAsync(machines, live: false, r => project.DestroyAsync(machines, r, context.Cancellation)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>A verb with machine names and no options, reported as plain lines.</summary>
    private static async Task<int> RunAsync(EnvContext context, string verb, Func<Project, IReadOnlyList<Machine>, IEnvironmentReporter, Task> action)
    {
        var project = context.Project();
        var machines = project.Select(EnvArguments.Parse(verb, context.Args, []).Positionals);
        await context.ReportAsync(machines, live: false, r => action(project, machines, r)).ConfigureAwait(false);
        return 0;
    }

    private static ProvisionMode ProvisionModeOf(EnvArguments args) => (args.Has("--provision"), args.Has("--no-provision")) switch
    {
        (true, true) => throw new UsageException($"'env {args.Verb}' takes --provision or --no-provision, not both"),
        (true, false) => ProvisionMode.Force,
        (false, true) => ProvisionMode.Skip,
        _ => ProvisionMode.Default,
    };
}
