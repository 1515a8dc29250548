using System.Diagnostics;
using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary>Ctrl+C during <c>env up</c> stops cleanly, and the next <c>up</c> (or <c>destroy</c>) carries on from what is on disk.</summary>
[Trait("Category", "Qemu")]
public sealed class EnvironmentInterruptSpecs
{
    [Fact]
    public async Task AnInterruptedUpIsContinuedByTheNextUp()
    {
        await using var scope = await EnvironmentScope.CreateAsync("halfway", "machines:\n  - name: solo\n", withTinyBox: true);
        await StrataCli.EnsureBuiltAsync();

        var start = new ProcessStartInfo(StrataCli.Path) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scope.Project };
        start.ArgumentList.Add("env");
        start.ArgumentList.Add("up");
        foreach (var (key, value) in scope.Environment)
            start.Environment[key] = value;
        using var up = Process.Start(start)!;
        var errors = up.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Interrupted while the machine boots: its domain is defined and started, its state recorded.
        while (await up.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.Contains("waiting for ssh", StringComparison.Ordinal))
        {
        }
        var signal = await ProcessRunner.RunAsync("kill", ["-INT", up.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(signal.ExitCode == 0, signal.ToString());
        await up.WaitForExitAsync(timeout.Token);

        Assert.Equal(130, up.ExitCode);
        Assert.Contains("interrupted", await errors, StringComparison.Ordinal);
        var again = await scope.EnvAsync("up");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("solo\n", (await scope.EnvAsync("ssh", "solo", "--", "hostname")).Stdout);
        var destroy = await scope.EnvAsync("destroy", "-f");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Empty(scope.QemuProcesses());
    }
}
