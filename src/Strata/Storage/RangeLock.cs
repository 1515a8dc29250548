using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// An exclusive lock on one key, as an open-file-description (OFD) byte-range lock on one byte of a shared lock
/// file: the byte is chosen by a stable hash of the key. One file serves any number of keys, so taking a lock never
/// creates a file (a per-key lock file costs a file creation the first time and stays behind forever). Like
/// <see cref="FileLock"/>, the kernel drops the lock when its holder dies. Each lock opens its own description, so
/// two holders in one process exclude each other as two processes do.
/// </summary>
public sealed partial class RangeLock : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(2);

    private int _fd;

    private RangeLock(int fd) => _fd = fd;

    /// <summary>Takes the lock on <paramref name="key"/> in <paramref name="lockFile"/>, waiting up to <paramref name="timeout"/>; null if it is still held.</summary>
    public static async Task<RangeLock?> TryAcquireAsync(string lockFile, string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        int fd = OpenLockFile(lockFile);
        long offset = OffsetOf(key);
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            // A blocking F_OFD_SETLKW would pin a thread and ignore cancellation, so retry.
            while (!Posix.TryLockRange(fd, offset, wait: false))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    Posix.Close(fd);
                    return null;
                }
                await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
            return new RangeLock(fd);
        }
        catch
        {
            Posix.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Whether anyone (another process, or another holder in this one) holds the lock on <paramref name="key"/> now.
    /// A lock file that is not there holds nothing (and is not made by looking).
    /// </summary>
    public static bool IsHeld(string lockFile, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int fd = Posix.OpenForLockTest(lockFile);
        if (fd < 0)
            return false;
        try
        {
            return Posix.IsRangeLocked(fd, OffsetOf(key));
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>Releases the lock (closing the description drops it).</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            Posix.Close(fd);
    }

    private static int OpenLockFile(string path)
    {
        int fd = Posix.OpenForLocking(path);
        if (fd >= 0)
            return fd;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        fd = Posix.OpenForLocking(path);
        return fd >= 0 ? fd : throw new IOException($"cannot open lock file {path}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>The byte locked for a key: FNV-1a over its UTF-8, stable across processes (string.GetHashCode is not), kept below 2^62.</summary>
    internal static long OffsetOf(string key)
    {
        const ulong FnvOffsetBasis = 14695981039346656037, FnvPrime = 1099511628211;
        ulong hash = FnvOffsetBasis;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * FnvPrime;
        return (long)(hash >> 2);
    }
}
