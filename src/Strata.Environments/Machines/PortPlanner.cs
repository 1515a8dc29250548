using System.Net;
using System.Net.Sockets;
using Strata.Environments.Files;
using Strata.Environments.Guests;
using Strata.Environments.State;

namespace Strata.Environments.Machines;

/// <summary>
/// Chooses the host ports of machines about to boot: the ssh port and every forwarded port, kept from the last boot
/// when still free, chosen from <see cref="FirstAutoPort"/>–<see cref="LastAutoPort"/> when the file names none,
/// and moved there when taken (Vagrant's <c>auto_correct</c>). A port is free when the host lets us bind it now and
/// no other machine of the environment holds it.
/// </summary>
internal sealed class PortPlanner(IEnumerable<GuestPort> reserved)
{
    /// <summary>The guest's ssh port.</summary>
    public const int SshGuestPort = 22;

    /// <summary>Vagrant's range for ports it chooses itself.</summary>
    public const int FirstAutoPort = 2200, LastAutoPort = 2999;

    private readonly HashSet<(string Protocol, int Port)> _taken = [.. reserved.Select(p => (p.Protocol, p.Host))];

    /// <summary>The ports for one machine, ssh's first; <paramref name="message"/> hears of every collision fixed.</summary>
    public IReadOnlyList<GuestPort> Plan(MachineConfig config, MachineState? previous, Action<string> message)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ports = new List<GuestPort> { new(SshGuestPort, Keep(previous?.SshPort, "tcp") ?? Choose("tcp"), "tcp") };
        foreach (var port in config.Ports)
        {
            int host;
            if (port.Host is int wanted)
            {
                if (Keep(wanted, port.Protocol) is int free)
                    host = free;
                else if (port.AutoCorrect)
                {
                    host = Choose(port.Protocol);
                    message($"fixed port collision for {port.Guest} => {wanted}: now on port {host}");
                }
                else
                    throw new EnvironmentException($"machine '{config.Name}': host port {wanted}/{port.Protocol} is in use (set 'auto_correct: true' to move it, or choose another)");
            }
            else
            {
                int? before = previous?.Ports.Skip(1).FirstOrDefault(p => p.Guest == port.Guest && p.Protocol == port.Protocol)?.Host;
                host = Keep(before, port.Protocol) ?? Choose(port.Protocol);
            }
            ports.Add(new GuestPort(port.Guest, host, port.Protocol));
        }
        return ports;
    }

    private int? Keep(int? port, string protocol)
    {
        if (port is not int wanted || _taken.Contains((protocol, wanted)) || !IsFree(wanted, protocol))
            return null;
        _taken.Add((protocol, wanted));
        return wanted;
    }

    private int Choose(string protocol)
    {
        for (int port = FirstAutoPort; port <= LastAutoPort; port++)
        {
            if (Keep(port, protocol) is int free)
                return free;
        }
        throw new EnvironmentException($"no free {protocol} port between {FirstAutoPort} and {LastAutoPort} on this host");
    }

    /// <summary>Whether the host lets us bind the port on the loopback address now (QEMU binds it there).</summary>
    internal static bool IsFree(int port, string protocol)
    {
        try
        {
            using var socket = protocol == "udp"
                ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
