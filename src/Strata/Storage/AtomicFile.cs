using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// Writes files so that a crash leaves either the old content or the new, never half of one:
/// write a temp file beside the target, fsync it, rename it over the target, fsync the directory (the fsyncs only
/// when the write must also survive a power loss).
/// </summary>
public static partial class AtomicFile
{
    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken) =>
        WriteAllTextAsync(path, contents, durable: true, cancellationToken);

    /// <summary>
    /// Without <paramref name="durable"/> the temp file and the directory are not fsynced: readers still see the
    /// old content or the new, never half of one, but a power loss right after may lose the write. Only for files
    /// that need not outlive a crash (the status of running processes); an fsync costs a millisecond or more.
    /// </summary>
    public static async Task WriteAllTextAsync(string path, string contents, bool durable, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Not named after the target: a long target name plus a suffix could pass the 255-byte file name limit.
        string temp = Path.Combine(directory, $".tmp-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite, // 0600, as libvirt's state files
            };
            cancellationToken.ThrowIfCancellationRequested();
            using (var stream = new FileStream(temp, options))
            {
                // Small files: a synchronous write is one syscall; an asynchronous one adds a thread-pool hop.
                stream.Write(System.Text.Encoding.UTF8.GetBytes(contents));
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, path, overwrite: true);
            if (durable)
                SyncDirectory(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Creates an empty marker file (an autostart mark, as libvirt's symlinks) or removes it, durably either way.</summary>
    public static async Task SetMarkerAsync(string path, bool present, CancellationToken cancellationToken)
    {
        if (present)
            await WriteAllTextAsync(path, "", cancellationToken).ConfigureAwait(false);
        else
            Delete(path);
    }

    /// <summary>Deletes a file and (when <paramref name="durable"/>) makes the deletion durable.</summary>
    public static void Delete(string path, bool durable = true)
    {
        if (!File.Exists(path))
            return;
        File.Delete(path);
        if (durable)
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // A rename is only durable once the directory entry is on disk.
    private static void SyncDirectory(string directory)
    {
        int fd = Open(directory, OpenReadOnly | OpenDirectory);
        if (fd < 0)
            return;
        _ = Fsync(fd);
        _ = Close(fd);
    }

    private const int OpenReadOnly = 0;
    private const int OpenDirectory = 0x10000; // O_DIRECTORY on Linux

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
