using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// An exclusive advisory lock (flock) on a lock file, held until disposed. The kernel drops it when the holder
/// dies, so a crashed process never leaves a domain locked.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(10);

    private readonly FileStream _file;

    private FileLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; null if another process still holds it.</summary>
    public static async Task<FileLock?> TryAcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            // flock has no awaitable form: a blocking flock would pin a thread and ignore cancellation, so retry.
            while (Flock(file.SafeFileHandle.DangerousGetHandle().ToInt32(), LockExclusive | LockNonBlocking) != 0)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
                await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
            return new FileLock(file);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose()
    {
        _ = Flock(_file.SafeFileHandle.DangerousGetHandle().ToInt32(), LockUnlock);
        _file.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
