using Strata.Drivers.Test;
using Strata.Tests.Support;

namespace Strata.Tests.Domains;

/// <summary>
/// The conformance contract as a user meets it: libvirt's own domain XML defined through each driver, dumped,
/// defined again, dumped again; the dumps match. Unsupported files are refused and nothing is stored.
/// </summary>
public class ConformanceThroughDrivers
{
    public static IEnumerable<object[]> SupportedFiles() => ConformanceCorpus.Files("supported");

    public static IEnumerable<object[]> UnsupportedFiles() => ConformanceCorpus.Files("unsupported");

    [Theory]
    [MemberData(nameof(SupportedFiles))]
    public async Task SupportedFileDefinesAndItsDumpRoundTripsOnTheQemuDriver(string file)
    {
        await using var scope = QemuScope.Create();
        await AssertRoundTripAsync(scope.Driver, File.ReadAllText(ConformanceCorpus.Resolve(file)));
    }

    [Theory]
    [MemberData(nameof(SupportedFiles))]
    public async Task SupportedFileDefinesAndItsDumpRoundTripsOnTheTestDriver(string file)
    {
        await using var driver = TestDriver.CreateDefault();
        await AssertRoundTripAsync(driver, File.ReadAllText(ConformanceCorpus.Resolve(file)));
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public async Task UnsupportedFileIsRefusedAndNothingIsStored(string file)
    {
        await using var scope = QemuScope.Create();
        await Assert.ThrowsAsync<InvalidDefinitionException>(() => scope.Driver.DefineAsync(File.ReadAllText(ConformanceCorpus.Resolve(file)), default));
        Assert.Empty(await scope.Driver.ListDomainsAsync(DomainListFilter.All, default));
    }

    private static async Task AssertRoundTripAsync(IDriver driver, string xml)
    {
        var domain = await driver.DefineAsync(xml, default);
        string first = await driver.GetXmlAsync(domain, inactive: true, default);
        var again = await driver.DefineAsync(first, default);
        string second = await driver.GetXmlAsync(again, inactive: true, default);
        Assert.Equal(domain, again);
        Assert.Equal(first, second);
    }
}
