using System.Globalization;

namespace Strata.Cli.Shell;

/// <summary>A command's options after parsing, looked up by name.</summary>
internal sealed class ParsedArguments(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, List<string>> lists)
{
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Every value of a repeated option, in order (none if not given).</summary>
    public IReadOnlyList<string> GetAll(string name) => lists.GetValueOrDefault(name) ?? [];

    public string? Get(string name) => values.GetValueOrDefault(name);

    /// <summary>virsh's check that two options were not both given ("Options --current and --live are mutually exclusive").</summary>
    public void RequireExclusive(string one, string other)
    {
        if (Has(one) && Has(other))
            throw new CommandFailedException($"Options --{one} and --{other} are mutually exclusive");
    }

    /// <summary>A whole-number option (virsh's int options; <paramref name="signed"/> false for its unsigned ones), null when not given.</summary>
    public int? Int(string name, bool signed = true) =>
        Get(name) is not { } text ? null
            : int.TryParse(text, signed ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value
            : throw new CommandFailedException($"Numeric value '{text}' for <{name}> option is malformed or out of range");

    public string Required(string name) => values.GetValueOrDefault(name)
        ?? throw new UsageException($"command requires <{name}> option");

    /// <summary>Parses virsh-style arguments: <c>--opt VALUE</c>, <c>--opt=VALUE</c>, flags, and data options by position.</summary>
    public static ParsedArguments Parse(CommandSpec command, IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positional = command.Options.Where(o => o.Positional).ToList();
        bool onlyPositional = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!onlyPositional && arg == "--")
            {
                onlyPositional = true;
                continue;
            }
            if (!onlyPositional && arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                string name = arg[2..];
                string? inlineValue = null;
                int eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    inlineValue = name[(eq + 1)..];
                    name = name[..eq];
                }
                var option = command.Options.FirstOrDefault(o => o.Name == name)
                    ?? throw new UsageException($"command '{command.Name}' doesn't support option --{name}");
                if (option.Kind == OptionKind.Flag)
                {
                    if (inlineValue is not null)
                        throw new UsageException($"option --{name} takes no value");
                    values[name] = null;
                }
                else
                    Set(option, inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"expected syntax: --{name} <string>")));
                if (!option.Repeated)
                    positional.Remove(option);
                continue;
            }
            if (positional.Count == 0)
                throw new UsageException($"unexpected data '{arg}'");
            Set(positional[0], arg);
            if (!positional[0].Repeated)
                positional.RemoveAt(0);
        }
        foreach (var option in command.Options.Where(o => o.Required && !values.ContainsKey(o.Name)))
            throw new UsageException($"command '{command.Name}' requires <{option.Name}> option");
        return new ParsedArguments(values, lists);

        void Set(OptionSpec option, string value)
        {
            values[option.Name] = value;
            if (!option.Repeated)
                return;
            if (!lists.TryGetValue(option.Name, out var list))
                lists[option.Name] = list = [];
            list.Add(value);
        }
    }
}

/// <summary>A malformed command line; printed as <c>error: …</c> like any other error.</summary>
internal sealed class UsageException(string message) : Exception(message);
