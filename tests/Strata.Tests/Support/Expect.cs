namespace Strata.Tests.Support;

/// <summary>Assertions on a finished command.</summary>
internal static class Expect
{
    /// <summary>The command succeeded and printed exactly <paramref name="stdout"/>.</summary>
    public static async Task StdoutAsync(Task<ProcessResult> run, string stdout)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0 && result.Stdout == stdout, $"expected:\n{stdout}\ngot: {result}");
    }

    /// <summary>The command succeeded; what it printed.</summary>
    public static async Task<string> SuccessAsync(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    /// <summary>The command failed with exit code 1 and printed exactly <paramref name="stderr"/> (virsh's "error: …" lines).</summary>
    public static async Task FailureAsync(Task<ProcessResult> run, string stderr)
    {
        var result = await run;
        Assert.True(result.ExitCode == 1 && result.Stderr == stderr, $"expected failure:\n{stderr}\ngot: {result}");
    }
}
