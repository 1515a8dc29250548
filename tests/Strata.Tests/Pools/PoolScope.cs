using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>A private qemu:///session with one started directory pool, for volume specs.</summary>
internal static class PoolScope
{
    /// <summary>Defines, builds and starts pool <paramref name="name"/> over a fresh directory of the scope; returns that directory.</summary>
    public static async Task<string> StartPoolAsync(this QemuScope scope, string name)
    {
        string target = scope.File(name);
        await Expect.StdoutAsync(scope.StrataAsync("pool-define-as", name, "dir", "--target", target), $"Pool {name} defined\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("pool-start", "--build", name), $"Pool {name} started\n\n");
        return target;
    }
}
