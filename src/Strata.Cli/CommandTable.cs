using Strata.Cli.Commands;
using Strata.Cli.Shell;

namespace Strata.Cli;

/// <summary>Every command the CLI knows, by virsh's name.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<CommandSpec> All { get; } = Build();

    private static List<CommandSpec> Build()
    {
        var commands = new List<CommandSpec> { DomainList.Command(), ConsoleCommand.Command(), StackCommand.Command() };
        commands.AddRange(Lifecycle.Commands());
        commands.AddRange(Definitions.Commands());
        commands.Add(EditCommand.Command());
        commands.AddRange(DomainChanges.Commands());
        commands.AddRange(DeviceLists.Commands());
        commands.AddRange(DomainQueries.Commands());
        commands.AddRange(DomainStats.Commands());
        commands.AddRange(DomainBlockQueries.Commands());
        commands.AddRange(HostQueries.Commands());
        commands.AddRange(HostStatsCommands.Commands());
        commands.AddRange(PoolCommands.Commands());
        commands.AddRange(VolumeCommands.Commands());
        commands.Add(HelpCommand.Command(() => All));
        return commands;
    }

    public static CommandSpec? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
