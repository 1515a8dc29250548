using System.Globalization;
using System.Runtime.InteropServices;

namespace Strata.Drivers.Qemu;

/// <summary>File descriptors of this process, as seen by the children it starts.</summary>
internal static partial class Descriptors
{
    private const int GetFlags = 1, SetFlags = 2, CloseOnExec = 1; // F_GETFD, F_SETFD, FD_CLOEXEC

    /// <summary>
    /// Marks every descriptor above stdin/stdout/stderr close-on-exec, so a long-lived child (QEMU) inherits none:
    /// .NET opens its own files close-on-exec, but descriptors handed to us by our caller are not.
    /// </summary>
    public static void CloseOnExecAboveStdio()
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd) || fd <= 2)
                continue;
            int flags = Fcntl(fd, GetFlags, 0);
            if (flags >= 0 && (flags & CloseOnExec) == 0)
                _ = Fcntl(fd, SetFlags, flags | CloseOnExec);
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int fd, int command, int argument);
}
