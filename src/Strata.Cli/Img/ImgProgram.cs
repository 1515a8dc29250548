using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>strata img</c>: qemu-img's verbs and flags over Strata's own image library.</summary>
internal static class ImgProgram
{
    /// <summary>qemu-img's exit status for any failure that is not a check result.</summary>
    public const int Failure = 1;

    private static readonly Dictionary<string, Func<IReadOnlyList<string>, CancellationToken, Task<int>>> Verbs = new(StringComparer.Ordinal)
    {
        ["create"] = CreateVerb.RunAsync,
        ["info"] = InfoVerb.RunAsync,
        ["check"] = CheckVerb.RunAsync,
        ["convert"] = ConvertVerb.RunAsync,
        ["resize"] = ResizeVerb.RunAsync,
        ["commit"] = CommitVerb.RunAsync,
        ["rebase"] = RebaseVerb.RunAsync,
        ["snapshot"] = SnapshotVerb.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
            return Usage("Not enough arguments");
        if (args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(ImgHelp.Text);
            return 0;
        }
        if (!Verbs.TryGetValue(args[0], out var verb))
            return Usage($"Command not found: {args[0]}");
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.Out.Write(ImgHelp.Text);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await verb(args[1..], cancel.Token).ConfigureAwait(false);
        }
        catch (ImgUsageException e)
        {
            return Usage(e.Message);
        }
        catch (Exception e) when (e is StrataException or IOException or UnauthorizedAccessException or ArgumentException or OperationCanceledException)
        {
            return Fail(Describe(e));
        }
    }

    /// <summary>Prints qemu-img's kind of error line.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"strata img: {message}");
        return Failure;
    }

    private static int Usage(string message)
    {
        Fail(message);
        Console.Error.WriteLine("Try 'strata img --help' for more information");
        return Failure;
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException { FileName: { } file } => $"Could not open '{file}': No such file or directory",
        DirectoryNotFoundException => $"{e.Message.TrimEnd('.')}: No such file or directory",
        UnauthorizedAccessException => $"{e.Message.TrimEnd('.')}: Permission denied",
        OperationCanceledException => "Interrupted",
        ArgumentException { ParamName: { } name } => e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        _ => e.Message,
    };

    /// <summary>Opens an image as qemu-img would for a verb, naming the file in the error when it cannot be opened.</summary>
    public static DiskImage Open(string file, ImageFormat? format, bool writable = false, bool ignoreBacking = false)
    {
        try
        {
            return DiskImage.Open(file, new ImageOpenOptions { Format = format, ReadOnly = !writable, IgnoreBacking = ignoreBacking });
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException(null, file);
        }
        catch (StrataException e)
        {
            throw new ImgOpenException(file, e.Message);
        }
    }
}
