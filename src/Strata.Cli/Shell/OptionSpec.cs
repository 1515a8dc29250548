namespace Strata.Cli.Shell;

/// <summary>What an option takes: nothing (a flag), or a value that may also be given positionally.</summary>
internal enum OptionKind
{
    /// <summary>A boolean flag: <c>--all</c>.</summary>
    Flag,

    /// <summary>A value given as <c>--name VALUE</c>, <c>--name=VALUE</c>, or by position (virsh's "data" options).</summary>
    Value,
}

/// <summary>One option of a command, described as virsh's help describes it.</summary>
internal sealed record OptionSpec(string Name, OptionKind Kind, string Help, bool Required = false, bool Positional = false, bool Repeated = false)
{
    public static OptionSpec Flag(string name, string help) => new(name, OptionKind.Flag, help);

    /// <summary>A value given only by name: <c>--mac VALUE</c> or <c>--mac=VALUE</c>.</summary>
    public static OptionSpec Value(string name, string help) => new(name, OptionKind.Value, help);

    public static OptionSpec Data(string name, string help, bool required = true) => new(name, OptionKind.Value, help, required, Positional: true);

    public static OptionSpec Domain(string help = "domain name, id or uuid") => Data("domain", help);

    /// <summary>The last positional option, taking every data argument left (virsh's argv options: <c>domstats a b</c>).</summary>
    public static OptionSpec DataList(string name, string help) => new(name, OptionKind.Value, help, Positional: true, Repeated: true);
}
