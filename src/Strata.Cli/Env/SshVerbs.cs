using Strata.Cli.Shell;
using Strata.Environments;

namespace Strata.Cli.Env;

/// <summary>ssh and ssh-config: the system ssh client with the environment's key, port and user.</summary>
internal static class SshVerbs
{
    /// <summary>Execs ssh into the machine; with a command (<c>-- COMMAND…</c> or <c>-c COMMAND</c>) its exit code becomes ours.</summary>
    public static async Task<int> SshAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("ssh", context.Args, [], ["-c", "--command"]).AtMost(1, "at most one machine name");
        string? command = args.Value("-c") ?? args.Value("--command");
        if (command is not null && args.Rest is not null)
            throw new UsageException("'env ssh' takes -c COMMAND or -- COMMAND…, not both");
        var machine = context.Project().Single(args.Positionals.FirstOrDefault(), "ssh");
        var status = await machine.GetStatusAsync(context.Cancellation).ConfigureAwait(false);
        if (!status.IsRunning)
            throw new EnvironmentException($"machine '{machine.Name}' is {status.Text}: 'strata env up {machine.Name}' boots it");
        var arguments = machine.Endpoint!.Arguments(batch: false).ToList();
        if (command is not null)
            arguments.Add(command);
        else if (args.Rest is { Count: > 0 } rest)
            arguments.AddRange(rest);
        string failure = SshExec.Exec(arguments);
        throw new EnvironmentException($"cannot run ssh: {failure}");
    }

    /// <summary>Prints ssh_config <c>Host</c> blocks, so <c>ssh -F FILE web</c> (or an IDE) reaches the machines.</summary>
    public static Task<int> SshConfigAsync(EnvContext context)
    {
        var project = context.Project();
        var machines = project.Select(EnvArguments.Parse("ssh-config", context.Args, []).Positionals);
        foreach (var machine in machines)
        {
            if (machine.Endpoint is not { } endpoint)
                throw new EnvironmentException($"machine '{machine.Name}' has not been created: 'strata env up {machine.Name}' first");
            context.Out.WriteLine($"Host {machine.Name}");
            foreach (var (key, value) in endpoint.Options)
                context.Out.WriteLine($"  {key} {(value.Contains(' ', StringComparison.Ordinal) ? $"\"{value}\"" : value)}");
            context.Out.WriteLine();
        }
        return Task.FromResult(0);
    }
}
