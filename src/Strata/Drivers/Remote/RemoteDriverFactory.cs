namespace Strata.Drivers.Remote;

/// <summary>
/// Opens the remote driver for URIs with a transport (<c>qemu+unix:///session?socket=PATH</c>,
/// <c>test+unix:///default</c>): the daemon at the socket opens the same URI without the transport.
/// </summary>
public sealed class RemoteDriverFactory : IDriverFactory
{
    public string Scheme => "remote";

    public async Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Transport != "unix")
            throw new ConnectionException($"transport '{uri.Transport}' is not supported (only unix): {uri.Text}");
        if (uri.Host.Length > 0)
            throw new ConnectionException($"a unix socket connection has no host: {uri.Text}");
        string socket = uri.Query.TryGetValue("socket", out var path) ? path : DaemonSocket.DefaultPath(UsesSystemDaemon(uri));
        // As libvirt's remote driver: the daemon gets the URI without transport and parameters.
        string target = $"{uri.Driver}://{uri.Path}";
        return await RemoteDriver.OpenAsync(socket, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Which daemon a URI without <c>socket=</c> reaches: the system one for <c>/system</c>, and for root (as libvirt)
    /// for every path but <c>/session</c> (<c>test+unix:///default</c>); a user's own for everything else.
    /// </summary>
    private static bool UsesSystemDaemon(ConnectionUri uri) =>
        uri.Path == "/system" || (Environment.UserName == "root" && uri.Path != "/session");
}
