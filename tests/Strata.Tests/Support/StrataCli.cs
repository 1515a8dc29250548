namespace Strata.Tests.Support;

/// <summary>Runs <c>./strata</c>, the CLI as users run it, after making sure it is built (once per test run).</summary>
internal static class StrataCli
{
    public static string Path { get; } = System.IO.Path.Combine(RepoRoot.Path, "strata");

    // The first call may publish the AOT binary, printing progress on stderr: do it before any test reads stderr.
    private static readonly Lazy<Task> Built = new(async () =>
    {
        var result = await ProcessRunner.RunAsync(Path, ["--version"], timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
            throw new InvalidOperationException("./strata could not be built: " + result);
    });

    public static Task EnsureBuiltAsync() => Built.Value;

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, string? stdin = null)
    {
        await EnsureBuiltAsync();
        return await ProcessRunner.RunAsync(Path, arguments, environment, TimeSpan.FromMinutes(5), stdin, workingDirectory);
    }
}
