using System.Net.Sockets;
using System.Text;

namespace Strata.Daemon;

/// <summary>Tells systemd (Type=notify) that the daemon is ready, through the datagram socket in $NOTIFY_SOCKET.</summary>
internal static class SystemdNotify
{
    public static void Ready() => Send("READY=1");

    public static void Stopping() => Send("STOPPING=1");

    private static void Send(string state)
    {
        string? path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
            return;
        // A leading '@' names a socket in the abstract namespace.
        if (path[0] == '@')
            path = "\0" + path[1..];
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        socket.Send(Encoding.UTF8.GetBytes(state));
    }
}
