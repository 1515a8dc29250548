using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>Autostart pools start when stratad starts, as libvirtd starts them, before any autostart domain.</summary>
[Trait("Category", "Daemon")]
public sealed class PoolAutostartSpecs
{
    [Fact]
    public async Task StratadStartsAnAutostartPoolButNotTheOthers()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var scope = daemon.Scope;
        foreach (string pool in new[] { "auto", "manual" })
        {
            await Expect.StdoutAsync(scope.StrataAsync("pool-define-as", pool, "dir", "--target", scope.File(pool)), $"Pool {pool} defined\n\n");
            await Expect.StdoutAsync(scope.StrataAsync("pool-build", pool), $"Pool {pool} built\n\n");
        }
        await Expect.StdoutAsync(scope.StrataAsync("pool-autostart", "auto"), "Pool auto marked as autostarted\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--name"), "\n");

        await daemon.RestartAsync();

        await Expect.StdoutAsync(scope.StrataAsync("pool-list", "--all"),
            " Name     State      Autostart\n--------------------------------\n auto     active     yes\n manual   inactive   no\n\n");
        Assert.Contains("autostarted pool 'auto'", daemon.Log, StringComparison.Ordinal);
    }
}
