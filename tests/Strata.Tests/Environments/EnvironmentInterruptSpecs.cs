using System.Diagnostics;
using System.Runtime.InteropServices;
using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary>Ctrl+C during <c>env up</c> stops cleanly, and the next <c>up</c> (or <c>destroy</c>) carries on from what is on disk.</summary>
[Trait("Category", "Qemu")]
public sealed class EnvironmentInterruptSpecs
{
    private const int SigInt = 2;

    [Fact]
    public async Task AnInterruptedUpIsContinuedByTheNextUp()
    {
        await using var scope = await EnvironmentScope.CreateAsync("halfway", "machines:\n  - name: solo\n", withTinyBox: true);
        await StrataCli.EnsureBuiltAsync();

        // The tiny box answers ssh about a second after it starts: should the interrupt land after `up` finished
        // (exit 0, nothing to test), the case starts over from nothing, a few times at most.
        int exitCode = 0;
        string errors = "";
        for (int attempt = 0; attempt < 3 && exitCode == 0; attempt++)
        {
            if (attempt > 0)
                Assert.Equal(0, (await scope.EnvAsync("destroy", "-f")).ExitCode);
            (exitCode, errors) = await InterruptUpWhileWaitingForSshAsync(scope);
        }

        Assert.Equal(130, exitCode);
        Assert.Contains("interrupted", errors, StringComparison.Ordinal);
        var again = await scope.EnvAsync("up");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("solo\n", (await scope.EnvAsync("ssh", "solo", "--", "hostname")).Stdout);
        var destroy = await scope.EnvAsync("destroy", "-f");
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Empty(scope.QemuProcesses());
    }

    /// <summary>
    /// Runs <c>env up</c> and sends it SIGINT once it waits for ssh: its domain is defined and started, its state
    /// recorded. The signal goes straight from this process (no kill(1) to start), to land as early as it can.
    /// <c>env --default-signal=INT</c> gives <c>up</c> the SIGINT a terminal's user has: a test run started in the
    /// background by a non-interactive shell inherits SIGINT ignored (as POSIX has it), and so would <c>up</c>.
    /// </summary>
    private static async Task<(int ExitCode, string Errors)> InterruptUpWhileWaitingForSshAsync(EnvironmentScope scope)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scope.Project };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(StrataCli.Path);
        start.ArgumentList.Add("env");
        start.ArgumentList.Add("up");
        foreach (var (key, value) in scope.Environment)
            start.Environment[key] = value;
        using var up = Process.Start(start)!;
        var errors = up.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await up.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.Contains("waiting for ssh", StringComparison.Ordinal))
        {
        }
        if (!up.HasExited)
            Assert.True(Kill(up.Id, SigInt) == 0 || up.HasExited, "SIGINT could not be sent");
        await up.StandardOutput.ReadToEndAsync(timeout.Token);
        await up.WaitForExitAsync(timeout.Token);
        return (up.ExitCode, await errors);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
