using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary><c>help [COMMAND|GROUP]</c>, laid out as virsh lays out its help.</summary>
internal static class HelpCommand
{
    private static readonly (string Keyword, string Title)[] Groups =
    [
        ("domain", "Domain Management"),
        ("monitor", "Domain Monitoring"),
        ("host", "Host and Hypervisor"),
        ("pool", "Storage Pool"),
        ("volume", "Storage Volume"),
        ("virsh", "Strata itself"),
    ];

    public static CommandSpec Command(Func<IReadOnlyList<CommandSpec>> commands) => new("help", "virsh", "print help",
        "Prints global help, command specific help, or help for a group of related commands",
        [OptionSpec.Data("command", "Prints global help, command specific help, or help for a\n                       group of related commands", required: false)],
        context =>
        {
            string? topic = context.Args.Get("command");
            var all = commands();
            var command = all.FirstOrDefault(c => c.Name == topic);
            if (command is not null)
                WriteCommand(context.Out, command);
            else if (topic is null || Groups.Any(g => g.Keyword == topic))
                WriteGroups(context.Out, all, topic);
            else
                throw new CommandFailedException($"command or command group '{topic}' doesn't exist");
            return Task.FromResult(0);
        },
        NeedsConnection: false);

    public static void WriteUsage(TextWriter o)
    {
        o.WriteLine("""

                        strata [options]... [<command_string>]
                        strata [options]... <command> [args...]

                      options:
                        -c | --connect=URI      hypervisor connection URI
                        -h | --help             this help
                        -k | --keepalive-interval=NUM
                                                keepalive interval in seconds, 0 for disable
                        -K | --keepalive-count=NUM
                                                number of possible missed keepalive messages
                        -v | --version          program version

                      commands (non interactive mode):

                    """);
    }

    private static void WriteGroups(TextWriter o, IReadOnlyList<CommandSpec> all, string? only)
    {
        if (only is null)
            WriteUsage(o);
        else
            o.WriteLine();
        foreach (var (keyword, title) in Groups.Where(g => only is null || g.Keyword == only))
        {
            o.WriteLine($" {title} (help keyword '{keyword}'):");
            foreach (var c in all.Where(c => c.Group == keyword).OrderBy(c => c.Name, StringComparer.Ordinal))
                o.WriteLine($"    {c.Name,-30} {c.Summary}");
            o.WriteLine();
        }
    }

    private static void WriteCommand(TextWriter o, CommandSpec c)
    {
        o.WriteLine("  NAME");
        o.WriteLine($"    {c.Name} - {c.Summary}");
        o.WriteLine();
        o.WriteLine("  SYNOPSIS");
        var synopsis = c.Options.Select(opt => opt switch
        {
            { Kind: OptionKind.Flag } => $"[--{opt.Name}]",
            { Positional: true, Required: true } => $"<{opt.Name}>",
            { Positional: true, Repeated: true } => $"[<{opt.Name}>]...",
            { Positional: true } => $"[<{opt.Name}>]",
            _ => $"[--{opt.Name} <string>]",
        });
        o.WriteLine($"    {string.Join(' ', new[] { c.Name }.Concat(synopsis))}");
        o.WriteLine();
        // As virsh: a command without a description has no such section.
        if (c.Description.Length > 0)
        {
            o.WriteLine("  DESCRIPTION");
            o.WriteLine($"    {c.Description}");
            o.WriteLine();
        }
        if (c.Options.Count > 0)
        {
            o.WriteLine("  OPTIONS");
            foreach (var opt in c.Options)
            {
                string label = opt switch
                {
                    { Kind: OptionKind.Flag } => $"--{opt.Name}",
                    { Positional: true } => $"[--{opt.Name}] <string>",
                    _ => $"--{opt.Name} <string>",
                };
                o.WriteLine($"    {label,-15}  {opt.Help}");
            }
            o.WriteLine();
        }
    }
}
