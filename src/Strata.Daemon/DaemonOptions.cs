using System.Globalization;
using Strata.Drivers.Remote;
using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// Where stratad listens, which QEMU state it serves, and how it pings clients that speak keepalive (null: never).
/// </summary>
internal sealed record DaemonOptions(string SocketPath, bool System, KeepaliveSettings? Keepalive)
{
    public string ReadOnlySocketPath => DaemonSocket.ReadOnlyPath(SocketPath);

    /// <summary>The QEMU URI this daemon serves: system for root, session for anyone else.</summary>
    public string QemuUri => System ? "qemu:///system" : "qemu:///session";

    private const string Usage = "usage: stratad [--socket PATH] [--session] [--keepalive-interval SECONDS] [--keepalive-count N] | --version";

    /// <summary>
    /// Reads <c>--socket PATH</c>, <c>--session</c> (a root daemon serving root's own session, as for tests) and
    /// libvirtd.conf's keepalive settings as options (<c>--keepalive-interval 5 --keepalive-count 5</c> by default;
    /// an interval of -1 turns keepalive off, as in libvirtd.conf).
    /// </summary>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        bool system = Environment.UserName == "root";
        string? socket = null;
        var keepalive = KeepaliveSettings.Daemon;
        int interval = (int)keepalive.Interval.TotalSeconds, count = keepalive.Count;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--socket" when i + 1 < args.Count:
                    socket = args[++i];
                    break;
                case var arg when arg.StartsWith("--socket=", StringComparison.Ordinal):
                    socket = arg["--socket=".Length..];
                    break;
                case "--session":
                    system = false;
                    break;
                case "--keepalive-interval" when i + 1 < args.Count:
                    interval = Number(args[i], args[++i], min: -1);
                    break;
                case "--keepalive-count" when i + 1 < args.Count:
                    count = Number(args[i], args[++i], min: 0);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}' ({Usage})");
            }
        }
        return new DaemonOptions(Path.GetFullPath(socket ?? DaemonSocket.DefaultPath(system)), system,
            interval is -1 or 0 ? null : new KeepaliveSettings(TimeSpan.FromSeconds(interval), count));
    }

    private static int Number(string option, string text, int min) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min
            ? value
            : throw new ArgumentException($"{option} needs a whole number of at least {min}, not '{text}' ({Usage})");
}
