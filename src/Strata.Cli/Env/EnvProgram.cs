namespace Strata.Cli.Env;

/// <summary><c>strata env</c>: Vagrant's verbs over a strata.yaml in the project folder.</summary>
internal static class EnvProgram
{
    /// <param name="args">What follows <c>env</c>.</param>
    /// <param name="uri">The connection URI given with -c, or null for the default.</param>
    public static Task<int> RunAsync(string[] args, string? uri)
    {
        Console.Error.WriteLine($"error: 'strata env' is not built yet ({args.Length} arguments, {uri ?? "default"})");
        return Task.FromResult(1);
    }
}
