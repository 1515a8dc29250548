using Strata.Cli.Shell;

namespace Strata.Cli.Env;

/// <summary>
/// One <c>strata env</c> verb's command line, Vagrant-style: machine names (or other words) as positionals, flags,
/// options with a value, and everything after <c>--</c> kept as it is (the remote command of <c>ssh</c>).
/// </summary>
internal sealed class EnvArguments
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private EnvArguments(string verb) => Verb = verb;

    public string Verb { get; }

    /// <summary>The words that are not options.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>What followed <c>--</c>, or null when there was no <c>--</c>.</summary>
    public IReadOnlyList<string>? Rest { get; private set; }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string option) => _values.GetValueOrDefault(option);

    /// <param name="flags">Options without a value, with their dashes (<c>-f</c>, <c>--force</c>).</param>
    /// <param name="valued">Options that take the next word as their value.</param>
    public static EnvArguments Parse(string verb, IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string>? valued = null)
    {
        var parsed = new EnvArguments(verb);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                parsed.Rest = [.. args.Skip(i + 1)];
                break;
            }
            if (!arg.StartsWith('-') || arg == "-")
                parsed.Positionals.Add(arg);
            else if (flags.Contains(arg))
                parsed._flags.Add(arg);
            else if (valued is not null && valued.Contains(arg))
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"option '{arg}' of 'env {verb}' needs a value");
                parsed._values[arg] = args[++i];
            }
            else
                throw new UsageException($"unknown option '{arg}' for 'env {verb}' (see 'strata env help')");
        }
        return parsed;
    }

    /// <summary>Refuses more positionals than the verb takes.</summary>
    public EnvArguments AtMost(int count, string what)
    {
        if (Positionals.Count > count)
            throw new UsageException($"'env {Verb}' takes {what}, not '{string.Join(' ', Positionals)}'");
        return this;
    }
}
