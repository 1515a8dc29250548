using Strata.Tests.Support;

namespace Strata.Tests.Cli;

/// <summary>The CLI against test:///default, compared with what real virsh prints for the same commands.</summary>
public sealed class TestDriverCliSpecs
{
    private static Task<ProcessResult> StrataAsync(params string[] args) => StrataCli.RunAsync(["-c", "test:///default", .. args]);

    [Fact]
    public async Task ListShowsLibvirtsTestDomainAsVirshDoes()
    {
        var result = await StrataAsync("list");
        Assert.Equal(" Id   Name   State\n----------------------\n 1    test   running\n\n", result.Stdout);
    }

    [Fact]
    public async Task DomstateWithReasonMatchesVirsh()
    {
        Assert.Equal("running (unknown)\n\n", (await StrataAsync("domstate", "--reason", "test")).Stdout);
        Assert.Equal("test\n\n", (await StrataAsync("domname", "1")).Stdout);
        Assert.Equal("6695eb01-f6a4-8304-79aa-97f2502e193f\n\n", (await StrataAsync("domuuid", "test")).Stdout);
    }

    [Fact]
    public async Task TheDefaultUriComesFromStrataDefaultUri()
    {
        var result = await StrataCli.RunAsync(["uri"], new Dictionary<string, string> { ["STRATA_DEFAULT_URI"] = "test:///default" });
        Assert.Equal("test:///default\n\n", result.Stdout);
    }

    [Fact]
    public async Task AnUnknownDriverIsAConnectionError()
    {
        var result = await StrataCli.RunAsync(["-c", "xen:///system", "list"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: failed to connect to the hypervisor\nerror: no connection driver available for xen:///system\n", result.Stderr);
    }

    [Fact]
    public async Task UriIsEchoed() =>
        Assert.Equal("test:///default\n\n", (await StrataAsync("uri")).Stdout);

    [Fact]
    public async Task HelpForACommandHasVirshsSections()
    {
        var help = await StrataAsync("help", "list");
        Assert.Contains("  NAME\n    list - list domains", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("  OPTIONS", help.Stdout, StringComparison.Ordinal);
    }
}
