using Strata.Drivers.Remote;

namespace Strata.Drivers.Qemu;

/// <summary>Opens the QEMU driver for <c>qemu:///system</c> (root; /var/lib/strata, /run/strata) and <c>qemu:///session</c> (XDG dirs).</summary>
public sealed class QemuDriverFactory : IDriverFactory
{
    public string Scheme => "qemu";

    public Task<IDriver> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Transport is not null || uri.Host.Length > 0)
            throw new ConnectionException($"no connection driver available for {uri.Text}: remote transports are not supported yet");
        StatePaths paths = uri.Path switch
        {
            "/system" when Environment.UserName != "root" =>
                throw new ConnectionException($"qemu:///system needs root; use qemu:///session for your own guests"),
            "/system" => StatePaths.ForSystem("qemu"),
            "/session" => StatePaths.ForSession("qemu"),
            _ => throw new ConnectionException($"unexpected QEMU URI path '{uri.Path}', try qemu:///system or qemu:///session"),
        };
        return OpenAsync(uri, paths, cancellationToken);
    }

    /// <summary>
    /// As libvirt: when a daemon listens on the default socket for this URI, the connection goes through it (so its
    /// clients see each other's events and share its job locks); otherwise the driver works here, daemonless.
    /// stratad itself builds its drivers directly, never through this factory.
    /// </summary>
    private static async Task<IDriver> OpenAsync(ConnectionUri uri, StatePaths paths, CancellationToken cancellationToken)
    {
        var direct = new QemuDriver(uri, paths);
        string socket = DaemonSocket.DefaultPath(system: uri.Path == "/system");
        if (!await DaemonSocket.IsServedAsync(socket, cancellationToken).ConfigureAwait(false))
            return direct;
        try
        {
            // The daemon runs on this host over the same files: what the protocol does not carry (the layers
            // below the daemon, for `stack`) is read directly.
            return await RemoteDriver.OpenAsync(socket, $"qemu://{uri.Path}", cancellationToken, sameHost: direct).ConfigureAwait(false);
        }
        catch
        {
            await direct.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
