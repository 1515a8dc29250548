using Strata.Tests.Support;

namespace Strata.Tests.Cli;

/// <summary>
/// strata and the real virsh, side by side on libvirt's test driver: the same command must print the same
/// bytes and exit the same way, so scripts written for virsh work unchanged.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class VirshParitySpecs
{
    [Theory]
    [InlineData("list")]
    [InlineData("list --all")]
    [InlineData("list --name")]
    [InlineData("list --uuid")]
    [InlineData("list --inactive")]
    [InlineData("list --state-running --name")]
    [InlineData("list --state-shutoff")]
    [InlineData("list --autostart")]
    [InlineData("domstate test")]
    [InlineData("domstate --reason test")]
    [InlineData("domid test")]
    [InlineData("domuuid test")]
    [InlineData("domname 1")]
    [InlineData("domname 6695eb01-f6a4-8304-79aa-97f2502e193f")]
    [InlineData("uri")]
    [InlineData("dominfo nosuch")]
    [InlineData("list --foo")]
    [InlineData("start")]
    [InlineData("domstate")]
    public Task StrataPrintsWhatVirshPrints(string command) =>
        VirshParity.AssertSameAsync(["-c", "test:///default", .. command.Split(' ')]);
}
