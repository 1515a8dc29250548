namespace Strata.Drivers.Test;

/// <summary>Opens the in-memory test driver for <c>test:///default</c>.</summary>
public sealed class TestDriverFactory : IDriverFactory
{
    public string Scheme => "test";

    public Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Transport is not null)
            throw new ConnectionException($"no connection driver available for {uri.Text}: remote transports are not supported yet");
        if (uri.Path != "/default")
            throw new ConnectionException($"unsupported test driver URI {uri.Text}: only test:///default exists");
        return Task.FromResult<IDriver>(TestDriver.CreateDefault());
    }
}
