namespace Strata;

/// <summary>
/// An open connection to one hypervisor driver, chosen by URI as libvirt does. Every front end (CLI, daemon,
/// environments) goes through this class.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    /// <summary>The environment variable that names the URI used when none is given, like LIBVIRT_DEFAULT_URI.</summary>
    public const string DefaultUriVariable = "STRATA_DEFAULT_URI";

    /// <summary>The registry name of the driver that reaches other drivers through a daemon.</summary>
    public const string RemoteScheme = "remote";

    private Connection(ConnectionUri uri, IDriver driver)
    {
        Uri = uri;
        Driver = driver;
    }

    public ConnectionUri Uri { get; }

    /// <summary>The driver behind this connection.</summary>
    public IDriver Driver { get; }

    /// <summary>The URI to use when the caller names none: $STRATA_DEFAULT_URI, else system for root and session for others.</summary>
    public static string DefaultUri =>
        Environment.GetEnvironmentVariable(DefaultUriVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Environment.UserName == "root" ? "qemu:///system" : "qemu:///session";

    /// <summary>Opens a connection; <paramref name="uri"/> null means <see cref="DefaultUri"/>.</summary>
    public static Task<Connection> OpenAsync(string? uri = null, CancellationToken cancellationToken = default) =>
        OpenAsync(uri, DriverRegistry.Default, cancellationToken);

    public static async Task<Connection> OpenAsync(string? uri, DriverRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var parsed = ConnectionUri.Parse(uri ?? DefaultUri);
        // A transport (qemu+unix://…) means a daemon speaks for the driver.
        var factory = (parsed.Transport is null ? registry.Find(parsed.Driver) : registry.Find(RemoteScheme))
            ?? throw new ConnectionException($"no connection driver available for {parsed.Text}");
        var driver = await factory.OpenAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new Connection(parsed, driver);
    }

    /// <summary>
    /// virConnectSetKeepAlive: for a connection through a daemon, how often the daemon is pinged when silent and how
    /// many unanswered PINGs it may leave before the connection is given up (null: never). False when there is no
    /// daemon to ping, or it does not speak keepalive.
    /// </summary>
    public Task<bool> SetKeepaliveAsync(Protocol.KeepaliveSettings? settings) =>
        Driver is Drivers.Remote.RemoteDriver remote ? remote.SetKeepaliveAsync(settings) : Task.FromResult(false);

    /// <summary>Storage pools and volumes; an error naming the driver when it has none.</summary>
    public Pools.IStorageDriver Storage => Driver.Storage
        ?? throw new StrataException(ErrorCode.NoSupport, $"this function is not supported by the connection driver: storage pools and volumes through {Uri.Text}");

    public async Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(DomainListFilter filter = DomainListFilter.All, CancellationToken cancellationToken = default) =>
        await Driver.ListDomainsAsync(filter, cancellationToken).ConfigureAwait(false);

    /// <summary>Finds a domain the way virsh does: by id if the text is a number, then by UUID, then by name.</summary>
    public async Task<DomainRef> LookupAsync(string nameOrUuidOrId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nameOrUuidOrId);
        if (int.TryParse(nameOrUuidOrId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id) && id >= 0)
        {
            try { return await Driver.LookupByIdAsync(id, cancellationToken).ConfigureAwait(false); }
            catch (DomainNotFoundException) { }
        }
        if (Guid.TryParse(nameOrUuidOrId, out Guid uuid))
        {
            try { return await Driver.LookupByUuidAsync(uuid, cancellationToken).ConfigureAwait(false); }
            catch (DomainNotFoundException) { }
        }
        try
        {
            return await Driver.LookupByNameAsync(nameOrUuidOrId, cancellationToken).ConfigureAwait(false);
        }
        catch (DomainNotFoundException)
        {
            throw new DomainNotFoundException($"no domain with matching name '{nameOrUuidOrId}'");
        }
    }

    public ValueTask DisposeAsync() => Driver.DisposeAsync();
}
