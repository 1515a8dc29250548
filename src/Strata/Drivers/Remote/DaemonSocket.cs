using System.Net.Sockets;

namespace Strata.Drivers.Remote;

/// <summary>Where stratad listens by default, so the daemon and the clients that look for it agree.</summary>
public static class DaemonSocket
{
    /// <summary>/run/strata/strata-sock for the system daemon; the user's Strata runtime root for a user's.</summary>
    public static string DefaultPath(bool system) =>
        Path.Combine(system ? "/run/strata" : StatePaths.SessionRunRoot, "strata-sock");

    /// <summary>Whether a daemon answers at <paramref name="socketPath"/> (a socket file alone may be a dead daemon's).</summary>
    public static async Task<bool> IsServedAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
            return false;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The read-only socket beside a main one, as libvirt's <c>libvirt-sock-ro</c>.</summary>
    public static string ReadOnlyPath(string socketPath) => socketPath + "-ro";
}
