using Strata.Domains;

namespace Strata.Tests.Domains;

public class ConformanceTests
{
    public static IEnumerable<object[]> SupportedFiles() => ConformanceCorpus.Files("supported");

    public static IEnumerable<object[]> UnsupportedFiles() => ConformanceCorpus.Files("unsupported");

    [Theory]
    [MemberData(nameof(SupportedFiles))]
    public void SupportedFileParsesAndRoundTrips(string file)
    {
        string xml = File.ReadAllText(ConformanceCorpus.Resolve(file));

        DomainDefinition definition = DomainXml.Parse(xml);
        string first = DomainXml.Format(definition);
        string second = DomainXml.Format(DomainXml.Parse(first));

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(SupportedFiles))]
    public void SupportedFileKeepsNameUuidAndMemory(string file)
    {
        string xml = File.ReadAllText(ConformanceCorpus.Resolve(file));
        var source = System.Xml.Linq.XElement.Parse(xml);

        DomainDefinition definition = DomainXml.Parse(xml);

        Assert.Equal(source.Element("name")!.Value, definition.Name);
        Assert.Equal(Guid.Parse(source.Element("uuid")!.Value), definition.Uuid);
        Assert.Equal(ulong.Parse(source.Element("memory")!.Value, System.Globalization.CultureInfo.InvariantCulture), definition.MemoryKiB);
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public void UnsupportedFileIsRejectedNamingTheElement(string file)
    {
        string path = ConformanceCorpus.Resolve(file);
        string xml = File.ReadAllText(path);

        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(xml));

        // The manifest names features as element, element[type=value] or element/child: the message must name
        // the element of at least one of them, and its type value when that is what is unsupported.
        string[] features = ConformanceCorpus.OutOfSubset(path).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(features);
        Assert.True(features.Any(feature => Names(error.Message, feature)),
            $"'{error.Message}' names none of: {string.Join("; ", features)}");
    }

    [Fact]
    public void TheCorpusIsFound()
    {
        Assert.NotEmpty(SupportedFiles());
        Assert.NotEmpty(UnsupportedFiles());
    }

    private static bool Names(string message, string feature)
    {
        string element = feature.Split('[', '/', '@')[0];
        if (!message.Contains(element, StringComparison.Ordinal))
        {
            return false;
        }
        int open = feature.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return true;
        }
        string value = feature[(feature.IndexOf('=', open) + 1)..feature.IndexOf(']', open)];
        return message.Contains($"'{value}'", StringComparison.Ordinal);
    }
}
