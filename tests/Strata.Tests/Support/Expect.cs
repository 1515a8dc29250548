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
}
