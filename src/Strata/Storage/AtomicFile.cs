namespace Strata.Storage;

/// <summary>
/// Writes files so that a crash leaves either the old content or the new, never half of one:
/// write a temp file beside the target, fsync it, rename it over the target, fsync the directory (the fsyncs only
/// when the write must also survive a power loss).
/// </summary>
public static class AtomicFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken) =>
        WriteAllTextAsync(path, contents, durable: true, cancellationToken);

    /// <summary>
    /// Without <paramref name="durable"/> the temp file and the directory are not fsynced: readers still see the
    /// old content or the new, never half of one, but a power loss right after may lose the write. Only for files
    /// that need not outlive a crash (the status of running processes) or whose change a journal already made durable
    /// (<see cref="JournaledDirectory"/>); an fsync costs a millisecond or more.
    /// </summary>
    public static Task WriteAllTextAsync(string path, string contents, bool durable, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Small files: a synchronous write is one syscall; an asynchronous one adds a thread-pool hop.
        WriteAllText(path, contents, durable);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The same write, synchronously. Returns the name the file had before its rename into place (a temp name unique
    /// to this write), as inotify reports the rename's source.
    /// </summary>
    public static string WriteAllText(string path, string contents, bool durable)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Not named after the target: a long target name plus a suffix could pass the 255-byte file name limit.
        string tempName = $".tmp-{Guid.NewGuid():N}";
        string temp = Path.Combine(directory, tempName);
        try
        {
            // 0600, as libvirt's state files; a bare handle, not a FileStream, which adds a buffer and a lock of its own.
            var handle = Posix.CreateNew(temp, OwnerOnly);
            if (handle.IsInvalid)
            {
                Directory.CreateDirectory(directory);
                handle = Posix.CreateNew(temp, OwnerOnly);
                if (handle.IsInvalid)
                    throw new IOException($"cannot create {temp}: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
            }
            using (handle)
            {
                RandomAccess.Write(handle, System.Text.Encoding.UTF8.GetBytes(contents), 0);
                if (durable)
                    RandomAccess.FlushToDisk(handle);
            }
            File.Move(temp, path, overwrite: true);
            if (durable)
                SyncDirectory(directory);
            return tempName;
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
    private static void SyncDirectory(string directory) => Posix.SyncDirectory(directory);
}
