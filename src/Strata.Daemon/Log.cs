using System.Globalization;

namespace Strata.Daemon;

/// <summary>What the daemon did, one timestamped line each, on stderr (journald keeps it under systemd).</summary>
internal static class Log
{
    private static readonly Lock Gate = new();

    public static void Info(string message) => Write("info", message);

    public static void Warn(string message) => Write("warning", message);

    private static void Write(string level, string message)
    {
        string line = $"{DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}: {level}: {message}";
        lock (Gate)
            Console.Error.WriteLine(line);
    }
}
