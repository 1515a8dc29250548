using System.Globalization;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>How often a round trip wakes stratad: a wake-up of a sleeping CPU is most of a call's time on a VM.</summary>
[Trait("Category", "Libvirt")]
public sealed class WakeupSpecs
{
    [Fact]
    public async Task AClientReadingItsReplyDoesNotWakeStratadAgain()
    {
        await using var daemon = await DaemonScope.StartAsync();
        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-wakeups.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, daemon.Pid.ToString(CultureInfo.InvariantCulture)], daemon.Scope.Environment);
        Assert.True(run.ExitCode == 0, run.ToString());

        // Once per call (the request arriving). Registered for output as well, as .NET's socket engine registers
        // every socket, stratad slept twice per call: the client's read of the reply freed send space and woke it.
        // (stratad is built for linux-x64 only, where its own pollers run: tools/run-from-source.sh.)
        foreach (string line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            double sleepsPerCall = double.Parse(fields[1], CultureInfo.InvariantCulture);
            Assert.True(sleepsPerCall < 1.5, $"{fields[0]}: stratad slept {sleepsPerCall} times per call\n{run}");
        }
        Assert.Equal(2, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
