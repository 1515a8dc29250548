using Strata.Drivers.Remote;

namespace Strata.Daemon;

/// <summary>Where stratad listens and which QEMU state it serves.</summary>
internal sealed record DaemonOptions(string SocketPath, bool System)
{
    public string ReadOnlySocketPath => DaemonSocket.ReadOnlyPath(SocketPath);

    /// <summary>The QEMU URI this daemon serves: system for root, session for anyone else.</summary>
    public string QemuUri => System ? "qemu:///system" : "qemu:///session";

    /// <summary>Reads <c>--socket PATH</c> and <c>--session</c> (a root daemon serving root's own session, as for tests).</summary>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        bool system = Environment.UserName == "root";
        string? socket = null;
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
                default:
                    throw new ArgumentException($"unknown option '{args[i]}' (usage: stratad [--socket PATH] [--session] | --version)");
            }
        }
        return new DaemonOptions(Path.GetFullPath(socket ?? DaemonSocket.DefaultPath(system)), system);
    }
}
