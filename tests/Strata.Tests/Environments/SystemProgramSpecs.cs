using Strata.Environments;
using Strata.Environments.Processes;

namespace Strata.Tests.Environments;

/// <summary>How the environment layer runs system programs: one way to start them, failures that name the program.</summary>
public sealed class SystemProgramSpecs
{
    private const string Missing = "strata-no-such-program";
    private static readonly CancellationTokenSource Timeout = new(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task AProgramThatIsNotInstalledIsNamedInTheErrorOfEitherRunner()
    {
        var direct = await Assert.ThrowsAsync<ToolFailedException>(
            () => ChildProcess.RunAsync(Missing, [], Timeout.Token));
        var tool = await Assert.ThrowsAsync<ToolFailedException>(
            () => SystemTool.RunAsync(Missing, [], Timeout.Token));

        foreach (var error in new[] { direct, tool })
            Assert.StartsWith($"cannot run {Missing} (", error.Message, StringComparison.Ordinal);
        // Callers of the ssh/rsync runner catch environment errors; a missing program must be one of them.
        Assert.IsAssignableFrom<EnvironmentException>(direct);
    }

    [Fact]
    public async Task AFailingToolIsQuotedWithItsExitCodeAndComplaintInTheCLocale()
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => SystemTool.RunAsync(
            "sh", ["-c", "echo \"locale=$LC_ALL\" >&2; exit 3"], Timeout.Token));

        Assert.Equal("sh -c echo \"locale=$LC_ALL\" >&2; exit 3 failed (exit 3): locale=C", error.Message);
    }

    [Fact]
    public async Task TheSshRunnerReportsExitCodesInsteadOfThrowing()
    {
        var result = await ChildProcess.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 5"], Timeout.Token);

        Assert.Equal(new ChildResult(5, "out\n", "err\n"), result);
    }
}
