using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// The names that changed in a few directories since the last look, from one non-blocking inotify instance.
/// The kernel queues an event before the syscall that changed the directory returns, so draining the queue at the
/// start of a look sees every change another process finished before it: a cache that forgets those names is
/// never staler than the files. When the kernel cannot tell (no inotify, a lost queue, a directory that has just
/// appeared or was replaced), the answer is "everything may have changed". A directory that was missing at the last
/// look and still is has nothing in it that could have changed.
/// </summary>
public sealed partial class DirectoryChanges : IDisposable
{
    // IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
    private const uint WatchMask = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800;
    private const uint QueueOverflow = 0x4000, Ignored = 0x8000, DeleteSelf = 0x400, MoveSelf = 0x800, MovedFrom = 0x40, MovedTo = 0x80;
    private const int NonBlocking = 0x800, CloseOnExec = 0x80000; // IN_NONBLOCK, IN_CLOEXEC
    private const int HeaderSize = 16; // struct inotify_event without its name
    private const int LargestEvent = HeaderSize + 256; // NAME_MAX bytes and the NUL, padded
    private const int WouldBlock = 11; // EAGAIN
    private const int NoSuchEntry = 2; // ENOENT

    private readonly Lock _lock = new();
    private readonly string[] _directories;
    private readonly int[] _watches;
    private readonly bool[] _missing;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _fd;

    /// <summary>Watches <paramref name="directories"/> (created later is fine: they are watched once they exist).</summary>
    public DirectoryChanges(params string[] directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        _directories = directories;
        _watches = [.. directories.Select(_ => -1)];
        _missing = new bool[directories.Length];
        _fd = InotifyInit(NonBlocking | CloseOnExec);
    }

    /// <summary>
    /// For each directory (by index), the names changed since the last call, or null when anything there may have
    /// changed (the caller rereads it all).
    /// </summary>
    public ChangedNames?[] Drain()
    {
        lock (_lock)
        {
            var changed = new ChangedNames?[_directories.Length];
            for (int i = 0; i < changed.Length; i++)
                changed[i] = [];
            if (_fd < 0)
                return new ChangedNames?[_directories.Length];
            for (int i = 0; i < _directories.Length; i++)
            {
                if (_watches[i] < 0)
                {
                    _watches[i] = InotifyAddWatch(_fd, _directories[i], WatchMask);
                    bool missing = _watches[i] < 0 && Marshal.GetLastPInvokeError() == NoSuchEntry;
                    if (!(missing && _missing[i]))
                        changed[i] = null; // not watched until now: its whole content is news
                    _missing[i] = missing;
                }
            }
            ReadEvents(changed);
            return changed;
        }
    }

    private void ReadEvents(ChangedNames?[] changed)
    {
        Dictionary<uint, string>? movedFrom = null; // by cookie: the kernel gives both halves of a rename one cookie
        while (true)
        {
            int read = (int)Read(_fd, _buffer, _buffer.Length);
            if (read < 0)
            {
                if (Marshal.GetLastPInvokeError() == WouldBlock)
                    return;
                Array.Fill(changed, null);
                return;
            }
            for (int offset = 0; offset + HeaderSize <= read;)
            {
                var span = _buffer.AsSpan(offset);
                int wd = BinaryPrimitives.ReadInt32LittleEndian(span);
                uint mask = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[12..]);
                offset += HeaderSize + length;
                if ((mask & QueueOverflow) != 0)
                {
                    Array.Fill(changed, null);
                    continue;
                }
                int index = Array.IndexOf(_watches, wd);
                if (index < 0)
                    continue;
                if ((mask & (Ignored | DeleteSelf | MoveSelf)) != 0)
                {
                    // The directory itself went: watch whatever is there next time, and reread it then.
                    if ((mask & Ignored) != 0)
                        _watches[index] = -1;
                    changed[index] = null;
                    continue;
                }
                var bytes = span.Slice(HeaderSize, length);
                int end = bytes.IndexOf((byte)0);
                string name = System.Text.Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
                uint cookie = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
                if ((mask & MovedFrom) != 0)
                    (movedFrom ??= [])[cookie] = name;
                string? source = null;
                if ((mask & MovedTo) != 0)
                    movedFrom?.Remove(cookie, out source);
                changed[index]?.Note(name, source);
            }
            // The kernel fills a read with every queued event that fits: one that left room for the largest event
            // emptied the queue, and what comes later happened after this look began (one syscall per look saved).
            if (read <= _buffer.Length - LargestEvent)
                return;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_fd >= 0)
                _ = Close(_fd);
            _fd = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
