using Strata.Tests.Support;

namespace Strata.Tests.Pools;

public sealed partial class PoolParitySpecs
{
    /// <summary>strata's remote driver speaks libvirt's storage procedures to the real libvirtd, which does the work.</summary>
    [Fact]
    public async Task StrataRunsAPoolAndVolumeLifecycleOnARealLibvirtdOverItsProtocol()
    {
        await using var scope = QemuScope.Create();
        string name = "strata-" + Guid.NewGuid().ToString("N")[..8];
        await StorageLifecycle.RunAsync(args => StrataCli.RunAsync(["-c", libvirtd.Uri, .. args]), name, scope.File("remote"));
    }
}
