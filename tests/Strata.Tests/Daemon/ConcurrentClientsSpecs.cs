using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>Many real libvirt-python clients on stratad at once, each on its own connection and thread.</summary>
[Trait("Category", "Libvirt")]
public sealed class ConcurrentClientsSpecs
{
    [Fact]
    public async Task AHundredClientsAtOnceGetCorrectRepliesAndLeaveNoFileDescriptorsBehind()
    {
        await using var daemon = await DaemonScope.StartAsync();
        // Before any client: stratad keeps nothing open per connection once it is gone, so this is the baseline.
        int before = daemon.OpenFileDescriptors;

        string script = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-concurrent.py");
        var run = await ProcessRunner.RunAsync("/usr/bin/python3", [script, daemon.Socket, "100", "4", "10"], daemon.Scope.Environment, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("\nclients 100 wrong 0 idle 0\n", run.Stdout);

        // Each client's connection closes on stratad's side once it has read the end of the stream: wait for that.
        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (daemon.OpenFileDescriptors > before && !settle.IsCancellationRequested)
            await Task.Delay(50, CancellationToken.None);
        Assert.Equal(before, daemon.OpenFileDescriptors);
    }
}
