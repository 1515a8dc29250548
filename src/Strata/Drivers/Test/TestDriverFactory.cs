namespace Strata.Drivers.Test;

/// <summary>Opens the in-memory test driver for <c>test:///default</c>.</summary>
public sealed class TestDriverFactory : IDriverFactory
{
    public string Scheme => "test";

    public Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken) =>
        throw new ConnectionException("the test driver is not built yet");
}
