namespace Strata;

/// <summary>Opens one kind of driver for the URIs it claims (each driver folder has one).</summary>
public interface IDriverFactory
{
    /// <summary>The URI scheme this driver answers to ("qemu", "test").</summary>
    string Scheme { get; }

    /// <summary>Opens the driver, or throws <see cref="ConnectionException"/> naming what is wrong with the URI.</summary>
    Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken);
}
