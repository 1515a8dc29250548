using System.Runtime.InteropServices;

namespace Strata.Daemon;

/// <summary>
/// Raises the soft limit on open files to the hard one, as the .NET runtime does at start for a JIT-compiled program
/// but a Native AOT one does not: every client holds a socket, so the usual soft limit of 1024 would cap stratad at
/// about a thousand connections.
/// </summary>
internal static partial class FileLimit
{
    private const int RlimitNofile = 7;

    /// <summary>The soft limit after raising it (unchanged if it cannot be raised).</summary>
    public static ulong RaiseToHard()
    {
        if (GetRlimit(RlimitNofile, out var limit) != 0)
            return 0;
        if (limit.Soft < limit.Hard && SetRlimit(RlimitNofile, limit with { Soft = limit.Hard }) == 0)
            return limit.Hard;
        return limit.Soft;
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct Rlimit(ulong Soft, ulong Hard);

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRlimit(int resource, in Rlimit limit);
}
