using System.Runtime.ExceptionServices;

namespace Strata.Storage;

/// <summary>
/// Makes many files durable at once. Every fsync ends by waiting for the disk to flush its cache, and the kernel
/// serves flushes asked for while one is under way with the next single one: so fsyncs made side by side cost little
/// more than one. Measured on this project's development VM (ext4, virtio disk): 1000 small files took 234 ms one
/// after another, 69–87 ms eight at a time and 29 ms thirty-two at a time.
/// </summary>
internal static class ManyFilesSync
{
    private const int Parallelism = 32;
    private const int FilesPerThread = 4; // fewer and a thread costs more than it saves

    /// <summary>fsyncs each of <paramref name="paths"/>, skipping those that no longer exist; the first failure is rethrown at the end.</summary>
    public static void SyncAll(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        int next = -1;
        ExceptionDispatchInfo? failure = null;
        void SyncSome()
        {
            for (int i = Interlocked.Increment(ref next); i < paths.Count; i = Interlocked.Increment(ref next))
            {
                try
                {
                    Sync(paths[i]);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(error), null);
                }
            }
        }

        var helpers = new Thread[Math.Clamp(paths.Count / FilesPerThread, 1, Parallelism) - 1];
        for (int t = 0; t < helpers.Length; t++)
        {
            helpers[t] = new Thread(SyncSome) { IsBackground = true, Name = "fsync" };
            helpers[t].Start();
        }
        SyncSome();
        foreach (var helper in helpers)
            helper.Join();
        failure?.Throw();
    }

    private static void Sync(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (FileNotFoundException)
        {
            // Replaced or deleted since by a later record of another process, which journals that itself.
        }
    }
}
