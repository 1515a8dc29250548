using Strata.Drivers.Remote;

namespace Strata.Daemon;

/// <summary>Where stratad listens and which QEMU state it serves.</summary>
internal sealed record DaemonOptions(string SocketPath, bool System)
{
    public string ReadOnlySocketPath => DaemonSocket.ReadOnlyPath(SocketPath);

    /// <summary>The QEMU URI this daemon serves: system for root, session for anyone else.</summary>
    public string QemuUri => System ? "qemu:///system" : "qemu:///session";

    /// <summary>Reads <c>--socket PATH</c>; anything else is an error naming it.</summary>
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
                default:
                    throw new ArgumentException($"unknown option '{args[i]}' (usage: stratad [--socket PATH] | --version)");
            }
        }
        return new DaemonOptions(Path.GetFullPath(socket ?? DaemonSocket.DefaultPath(system)), system);
    }
}
