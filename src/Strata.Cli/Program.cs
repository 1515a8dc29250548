using Strata;
using Strata.Cli;
using Strata.Cli.Commands;
using Strata.Cli.Env;
using Strata.Cli.Img;
using Strata.Cli.Shell;

// strata: virsh's commands, flags, output and exit codes over the Strata library.
string? uri = null;
int? keepaliveInterval = null, keepaliveCount = null;
int i = 0;
for (; i < args.Length; i++)
{
    string arg = args[i];
    if (arg is "-c" or "--connect")
    {
        if (i + 1 >= args.Length)
            return Fail("option '-c' requires an argument");
        uri = args[++i];
    }
    else if (arg.StartsWith("--connect=", StringComparison.Ordinal))
        uri = arg["--connect=".Length..];
    else if (KeepaliveOption(arg) is { } option)
    {
        string? text = arg.Contains('=', StringComparison.Ordinal) ? arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]
            : i + 1 < args.Length ? args[++i] : null;
        if (text is null)
            return Fail($"option '{option}' requires an argument");
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value))
            return Fail($"Invalid value for option {option}");
        if (value < 0)
            return Fail($"option {option} requires a positive integer argument");
        if (option == "-k")
            keepaliveInterval = value;
        else
            keepaliveCount = value;
    }
    else if (arg is "-h" or "--help")
    {
        HelpCommand.WriteUsage(Console.Out);
        return 0;
    }
    else if (arg is "-v" or "--version")
    {
        Console.WriteLine(HostQueries.StrataVersion);
        return 0;
    }
    else if (arg.StartsWith('-'))
        return Fail($"unsupported option '{arg}'. See --help.");
    else
        break;
}

if (i >= args.Length)
{
    HelpCommand.WriteUsage(Console.Out);
    return 0;
}

// qemu-img's verbs and Vagrant's have their own option syntax: they get the rest of the command line as it is.
if (args[i] is "img")
    return await ImgProgram.RunAsync(args[(i + 1)..]).ConfigureAwait(false);
if (args[i] is "env")
    return await EnvProgram.RunAsync(args[(i + 1)..], uri).ConfigureAwait(false);

var command = CommandTable.Find(args[i]);
if (command is null)
    return Fail($"unknown command: '{args[i]}'");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

ParsedArguments parsed;
try
{
    parsed = ParsedArguments.Parse(command, args[(i + 1)..]);
}
catch (UsageException error)
{
    return Fail(error.Message);
}

try
{
    await using var context = new CommandContext(parsed, uri, Console.Out, cancel.Token)
    {
        Keepalive = KeepaliveSettingsOf(keepaliveInterval, keepaliveCount),
    };
    return await command.Run(context).ConfigureAwait(false);
}
catch (Exception error)
{
    Console.Out.Flush();
    foreach (string line in ErrorLines(error))
        Console.Error.WriteLine($"error: {line}");
    return 1;
}
finally
{
    // As virsh: every command that ran, successful or not, ends with a blank line on stdout.
    Console.Out.WriteLine();
}

// -k/--keepalive-interval and -K/--keepalive-count, as virsh spells them; null for anything else.
static string? KeepaliveOption(string arg) => arg switch
{
    "-k" or "--keepalive-interval" => "-k",
    _ when arg.StartsWith("--keepalive-interval=", StringComparison.Ordinal) => "-k",
    "-K" or "--keepalive-count" => "-K",
    _ when arg.StartsWith("--keepalive-count=", StringComparison.Ordinal) => "-K",
    _ => null,
};

// What -k and -K ask for (virsh's -k 5 -K 6 where one is left out; -k 0 turns keepalive off), or null for the default.
static KeepaliveChoice? KeepaliveSettingsOf(int? interval, int? count)
{
    if (interval is null && count is null)
        return null;
    var defaults = Strata.Protocol.KeepaliveSettings.Client;
    int seconds = interval ?? (int)defaults.Interval.TotalSeconds;
    return new KeepaliveChoice(seconds == 0 ? null : new Strata.Protocol.KeepaliveSettings(TimeSpan.FromSeconds(seconds), count ?? defaults.Count));
}

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 1;
}

// virsh prints what failed and then why, each as "error: …".
static IEnumerable<string> ErrorLines(Exception error) => error switch
{
    CommandFailedException { InnerException: { } reason } => [error.Message, reason.Message],
    CommandFailedException or StrataException or UsageException or IOException or UnauthorizedAccessException => [error.Message],
    OperationCanceledException => ["interrupted"],
    // A bug of Strata's, not the user's: still an error line and an exit code, not a stack trace.
    _ => [$"internal error: {error.GetType().Name}: {error.Message}"],
};
