using Strata.Cli.Shell;

namespace Strata.Cli.Env;

/// <summary><c>strata env</c>: Vagrant's verbs over a strata.yaml in the project folder.</summary>
internal static class EnvProgram
{
    /// <param name="args">What follows <c>env</c>.</param>
    /// <param name="uri">The connection URI given with -c, or null for the one the environment recorded (else the default).</param>
    public static async Task<int> RunAsync(string[] args, string? uri)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            EnvHelp.Write(Console.Out);
            return 0;
        }
        var verb = EnvVerbs.Find(args[0]);
        if (verb is null)
        {
            Console.Error.WriteLine($"error: unknown env command '{args[0]}' (see 'strata env help')");
            return 1;
        }

        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C stops cleanly (every machine's state is on disk at each step); a second one kills.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        await using var context = new EnvContext(args[1..], uri, cancel.Token);
        try
        {
            return await verb.Run(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Out.Flush();
            Console.Error.WriteLine("error: interrupted: machines are left as they were; 'strata env up' continues, 'strata env destroy' cleans up");
            return 130;
        }
        catch (Exception error) when (error is StrataException or UsageException or IOException or UnauthorizedAccessException)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
        catch (Exception error)
        {
            // A bug of Strata's, not the user's: still an error line and an exit code, not a stack trace.
            Console.Out.Flush();
            Console.Error.WriteLine($"error: internal error: {error.GetType().Name}: {error.Message}");
            return 1;
        }
    }
}
