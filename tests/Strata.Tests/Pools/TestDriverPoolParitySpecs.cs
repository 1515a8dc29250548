using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>strata and the real virsh on libvirt's test driver and its <c>default-pool</c>: the same bytes, the same exit code.</summary>
[Trait("Category", "Libvirt")]
public sealed class TestDriverPoolParitySpecs
{
    [Theory]
    [InlineData("pool-list")]
    [InlineData("pool-list --all")]
    [InlineData("pool-list --details")]
    [InlineData("pool-list --all --details")]
    [InlineData("pool-list --inactive")]
    [InlineData("pool-list --name")]
    [InlineData("pool-list --uuid")]
    [InlineData("pool-list --persistent --no-autostart")]
    [InlineData("pool-info default-pool")]
    [InlineData("pool-info --bytes default-pool")]
    [InlineData("pool-dumpxml default-pool")]
    [InlineData("pool-uuid default-pool")]
    [InlineData("pool-name dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566")]
    [InlineData("pool-info dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566")]
    [InlineData("pool-refresh default-pool")]
    [InlineData("pool-build default-pool")]
    [InlineData("pool-autostart default-pool")]
    [InlineData("vol-list default-pool")]
    [InlineData("vol-list --details default-pool")]
    [InlineData("pool-info nosuch")]
    [InlineData("vol-list nosuch")]
    [InlineData("pool-start default-pool")]
    [InlineData("pool-undefine default-pool")]
    [InlineData("vol-info --pool default-pool nope")]
    [InlineData("vol-info /default-pool/nope")]
    [InlineData("vol-create-as default-pool v 1Q")]
    [InlineData("vol-create-as default-pool v 1M --format vmdk2")]
    [InlineData("pool-define-as p dir --target /srv/p --print-xml")]
    [InlineData("pool-define-as p dir --target /srv/p")]
    [InlineData("vol-create-as default-pool v 10M --format qcow2")]
    [InlineData("vol-create-as default-pool v 10M --print-xml")]
    [InlineData("help pool-list")]
    [InlineData("help vol-list")]
    [InlineData("help pool-info")]
    [InlineData("help vol-delete")]
    [InlineData("help vol-path")]
    [InlineData("pool-list --bogus")]
    [InlineData("vol-list")]
    public Task StrataPrintsWhatVirshPrints(string command) =>
        VirshParity.AssertSameAsync(["-c", "test:///default", .. command.Split(' ')]);
}
