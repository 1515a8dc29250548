namespace Strata.Cli.Img;

/// <summary>
/// One verb's command line, parsed as qemu-img's getopt does: short options may be clustered (<c>-pq</c>) or carry
/// their value attached (<c>-fqcow2</c>), long options take <c>--name=value</c> or <c>--name value</c>, and options
/// may come after the file names.
/// </summary>
internal sealed class ImgArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private ImgArguments()
    {
    }

    /// <summary>The file names and sizes, in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <param name="args">What follows the verb.</param>
    /// <param name="shortWithValue">Short options that take a value, e.g. "fFbo".</param>
    /// <param name="shortFlags">Short options without a value, e.g. "pqu".</param>
    /// <param name="longWithValue">Long options that take a value, e.g. "output".</param>
    /// <param name="longFlags">Long options without a value, e.g. "backing-chain".</param>
    public static ImgArguments Parse(IReadOnlyList<string> args, string shortWithValue, string shortFlags, string[]? longWithValue = null, string[]? longFlags = null)
    {
        longWithValue ??= [];
        longFlags ??= [];
        var parsed = new ImgArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg[2..];
                string? value = null;
                int equals = name.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                    (name, value) = (name[..equals], name[(equals + 1)..]);
                if (longWithValue.Contains(name))
                {
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                            throw new ImgUsageException($"option '--{name}' requires an argument");
                        value = args[++i];
                    }
                    parsed._values[name] = value;
                }
                else if (longFlags.Contains(name) && value is null)
                    parsed._flags.Add(name);
                else
                    throw new ImgUsageException($"unrecognized option '{arg}'");
                continue;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            for (int at = 1; at < arg.Length; at++)
            {
                char option = arg[at];
                if (shortWithValue.Contains(option, StringComparison.Ordinal))
                {
                    string value;
                    if (at + 1 < arg.Length)
                        value = arg[(at + 1)..];
                    else if (i + 1 < args.Count)
                        value = args[++i];
                    else
                        throw new ImgUsageException($"option requires an argument -- '{option}'");
                    parsed.AddValue(option.ToString(), value);
                    break;
                }
                if (!shortFlags.Contains(option, StringComparison.Ordinal))
                    throw new ImgUsageException($"invalid option -- '{option}'");
                parsed._flags.Add(option.ToString());
            }
        }
        return parsed;
    }

    // -o may be given more than once; qemu-img joins the lists.
    private void AddValue(string name, string value) =>
        _values[name] = name == "o" && _values.TryGetValue(name, out var earlier) ? earlier + "," + value : value;

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _flags.Contains(name) || _values.ContainsKey(name);

    /// <summary>The one file name a verb works on.</summary>
    public string SingleFile()
    {
        if (Positionals.Count == 0)
            throw new ImgUsageException("Expecting one image file name");
        if (Positionals.Count > 1)
            throw new ImgUsageException($"Expecting one image file name, got also '{Positionals[1]}'");
        return Positionals[0];
    }
}
