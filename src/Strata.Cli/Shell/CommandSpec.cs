namespace Strata.Cli.Shell;

/// <summary>A CLI command: virsh's name, help text and options, and the handler that runs it.</summary>
internal sealed record CommandSpec(
    string Name,
    string Group,
    string Summary,
    string Description,
    IReadOnlyList<OptionSpec> Options,
    Func<CommandContext, Task<int>> Run,
    bool NeedsConnection = true);
