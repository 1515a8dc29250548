using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// An exclusive advisory lock (flock) on a lock file, held until disposed. The kernel drops it when the holder
/// dies, so a crashed process never leaves a domain locked. The file is opened with open(2) directly: FileStream
/// takes locks of its own on Unix, which would clash with ours.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LockExclusive = 2, LockNonBlocking = 4;

    // O_RDWR | O_CREAT | O_CLOEXEC: close-on-exec keeps the lock out of QEMU, which is started while it is held.
    private const int OpenFlags = 0x2 | 0x40 | 0x80000;
    private const int Mode0600 = 0x180;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(10);

    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; null if another process still holds it.</summary>
    public static async Task<FileLock?> TryAcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        int fd = Open(path, OpenFlags, Mode0600);
        if (fd < 0)
            throw new IOException($"cannot open lock file {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            // flock has no awaitable form: a blocking flock would pin a thread and ignore cancellation, so retry.
            while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    _ = Close(fd);
                    return null;
                }
                await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
            return new FileLock(fd);
        }
        catch
        {
            _ = Close(fd);
            throw;
        }
    }

    /// <summary>Releases the lock (closing the file drops it).</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
