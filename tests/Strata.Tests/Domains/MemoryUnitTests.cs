using Strata.Domains;

namespace Strata.Tests.Domains;

public class MemoryUnitTests
{
    [Theory]
    [InlineData("b", 1048576UL, 1024UL)]
    [InlineData("bytes", 1048576UL, 1024UL)]
    [InlineData("KB", 1024UL, 1000UL)]
    [InlineData("k", 1000UL, 1000UL)]
    [InlineData("KiB", 1000UL, 1000UL)]
    [InlineData("MB", 1UL, 977UL)]
    [InlineData("M", 1UL, 1024UL)]
    [InlineData("MiB", 256UL, 262144UL)]
    [InlineData("GB", 1UL, 976563UL)]
    [InlineData("G", 2UL, 2097152UL)]
    [InlineData("GiB", 4UL, 4194304UL)]
    [InlineData("TB", 1UL, 976562500UL)]
    [InlineData("T", 1UL, 1073741824UL)]
    [InlineData("TiB", 1UL, 1073741824UL)]
    [InlineData("PB", 1UL, 976562500000UL)]
    [InlineData("P", 1UL, 1099511627776UL)]
    [InlineData("PiB", 1UL, 1099511627776UL)]
    [InlineData("EB", 1UL, 976562500000000UL)]
    [InlineData("E", 1UL, 1125899906842624UL)]
    [InlineData("EiB", 1UL, 1125899906842624UL)]
    public void EveryLibvirtUnitIsStoredInKiB(string unit, ulong value, ulong expectedKiB)
    {
        DomainDefinition definition = DomainXml.Parse(WithMemory($"<memory unit='{unit}'>{value}</memory>"));

        Assert.Equal(expectedKiB, definition.MemoryKiB);
    }

    [Fact]
    public void MemoryInGiBIsStoredInKiB() =>
        Assert.Equal(2UL * 1024 * 1024, DomainXml.Parse(WithMemory("<memory unit='GiB'>2</memory>")).MemoryKiB);

    [Fact]
    public void MemoryWithoutUnitIsKiB() =>
        Assert.Equal(219100UL, DomainXml.Parse(WithMemory("<memory>219100</memory>")).MemoryKiB);

    [Fact]
    public void BytesAreRoundedUpToWholeKiB() =>
        Assert.Equal(2UL, DomainXml.Parse(WithMemory("<memory unit='b'>1025</memory>")).MemoryKiB);

    [Fact]
    public void UnitsAreCaseInsensitiveAsInLibvirt() =>
        Assert.Equal(1048576UL, DomainXml.Parse(WithMemory("<memory unit='gib'>1</memory>")).MemoryKiB);

    [Fact]
    public void MemoryIsAlwaysWrittenInKiB()
    {
        string xml = DomainXml.Format(DomainXml.Parse(WithMemory("<memory unit='MB'>100</memory>")));

        Assert.Contains("<memory unit='KiB'>97657</memory>", xml, StringComparison.Ordinal);
        Assert.Contains("<currentMemory unit='KiB'>97657</currentMemory>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentMemoryDefaultsToMemory()
    {
        DomainDefinition definition = DomainXml.Parse(WithMemory("<memory unit='MiB'>512</memory>"));

        Assert.Equal(definition.MemoryKiB, definition.CurrentMemoryKiB);
    }

    [Fact]
    public void CurrentMemoryAboveMemoryIsClampedAsInLibvirt()
    {
        DomainDefinition definition = DomainXml.Parse(WithMemory("<memory unit='MiB'>512</memory><currentMemory unit='GiB'>1</currentMemory>"));

        Assert.Equal(524288UL, definition.CurrentMemoryKiB);
    }

    [Fact]
    public void AnUnknownUnitIsRejectedByName()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(WithMemory("<memory unit='MiBs'>1</memory>")));

        Assert.Contains("'MiBs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("<memory>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroMemoryIsRejected()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(WithMemory("<memory>0</memory>")));

        Assert.Contains("<memory>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingMemoryIsRejected()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(WithMemory("")));

        Assert.Contains("<memory>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNumericMemoryIsRejectedWithTheValue()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(WithMemory("<memory>lots</memory>")));

        Assert.Contains("'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverflowingMemoryIsRejected()
    {
        var error = Assert.Throws<InvalidDefinitionException>(() => DomainXml.Parse(WithMemory("<memory unit='EiB'>100</memory>")));

        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    private static string WithMemory(string memory) => $"""
        <domain type='qemu'>
          <name>demo</name>
          {memory}
          <os><type arch='x86_64' machine='pc'>hvm</type></os>
        </domain>
        """;
}
