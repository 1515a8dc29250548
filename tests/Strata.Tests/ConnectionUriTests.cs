namespace Strata.Tests;

public class ConnectionUriTests
{
    [Theory]
    [InlineData("qemu:///session", "qemu", null, "/session")]
    [InlineData("test:///default", "test", null, "/default")]
    [InlineData("qemu+unix:///system?socket=/tmp/s", "qemu", "unix", "/system")]
    public void ParsesDriverTransportAndPath(string text, string driver, string? transport, string path)
    {
        var uri = ConnectionUri.Parse(text);
        Assert.Equal(driver, uri.Driver);
        Assert.Equal(transport, uri.Transport);
        Assert.Equal(path, uri.Path);
    }

    [Fact]
    public void QueryParametersAreUnescaped()
    {
        var uri = ConnectionUri.Parse("qemu+unix:///system?socket=%2Ftmp%2Fa%20b");
        Assert.Equal("/tmp/a b", uri.Query["socket"]);
    }

    [Theory]
    [InlineData("qemu")]
    [InlineData("://x")]
    [InlineData("q€mu:///x")]
    public void MalformedUrisAreRefused(string text) =>
        Assert.Throws<ConnectionException>(() => ConnectionUri.Parse(text));

    [Fact]
    public async Task AnUnknownSchemeIsAClearError()
    {
        var error = await Assert.ThrowsAsync<ConnectionException>(() => Connection.OpenAsync("xen:///system"));
        Assert.Contains("xen:///system", error.Message, StringComparison.Ordinal);
    }
}
