using Strata.Domains;

namespace Strata.Tests.Domains;

public class DomainNameTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("QEMUGuest1")]
    [InlineData("a.b-c_d e")]
    [InlineData("ünïcode")]
    public void OrdinaryNamesAreAccepted(string name) => DomainName.Validate(name);

    [Theory]
    [InlineData("", "missing name information")]
    [InlineData("   ", "missing name information")]
    [InlineData("a/b", "cannot contain '/'")]
    [InlineData(".", "'.'")]
    [InlineData("..", "'..'")]
    [InlineData("a\nb", "control character")]
    [InlineData("a\tb", "control character")]
    public void BadNamesAreRejectedSayingWhy(string name, string reason)
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainName.Validate(name));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverlongNameIsRejected() =>
        Assert.Throws<InvalidDefinitionException>(() => DomainName.Validate(new string('x', DomainName.MaxUtf8Bytes + 1)));

    [Fact]
    public void ANameWithASlashIsRejectedWhenParsing()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() =>
            DomainXml.Parse(DomainXmlSamples.Minimal.Replace("<name>demo</name>", "<name>a/b</name>", StringComparison.Ordinal)));

        Assert.Contains("a/b", error.Message, StringComparison.Ordinal);
    }
}
