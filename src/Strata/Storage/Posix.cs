using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strata.Storage;

/// <summary>
/// The few Linux calls the storage layer needs that .NET does not offer (OFD locks, fdatasync, directory fsync), and a
/// read of a small file without the stat and flock that .NET adds.
/// </summary>
internal static partial class Posix
{
    // O_RDWR | O_CREAT | O_CLOEXEC: close-on-exec keeps locks out of QEMU, which is started while one is held.
    private const int OpenLockFlags = 0x2 | 0x40 | 0x80000;
    private const int OpenDirectoryFlags = 0x10000 | 0x80000; // O_RDONLY | O_DIRECTORY | O_CLOEXEC
    private const int OpenReadFlags = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int OpenCreateNewFlags = 0x1 | 0x40 | 0x80 | 0x80000; // O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
    private const int Mode0600 = 0x180;

    private const int GetOfdLock = 36, SetOfdLock = 37, SetOfdLockWait = 38; // F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW
    private const short WriteLock = 1, Unlocked = 2; // F_WRLCK, F_UNLCK
    private const short SeekSet = 0;
    private const int SeekEnd = 2;
    private const int NoSuchEntry = 2, Interrupted = 4, WouldBlock = 11, AccessDenied = 13; // ENOENT, EINTR, EAGAIN, EACCES
    private const int NotADirectory = 20, IsADirectory = 21, NameTooLong = 36, TooManyLinks = 40; // ENOTDIR, EISDIR, ENAMETOOLONG, ELOOP

    /// <summary>struct flock as Linux lays it out on 64-bit targets (x86_64 and aarch64 alike).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FlockRecord
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid; // must be 0 for OFD locks
    }

    /// <summary>Creates a new file for writing with <paramref name="mode"/>; an invalid handle when that fails (errno says why).</summary>
    public static SafeFileHandle CreateNew(string path, UnixFileMode mode) => new(Open(path, OpenCreateNewFlags, (int)mode), ownsHandle: true);

    /// <summary>Opens (creating if needed, mode 0600) a file to take locks on; -1 on failure.</summary>
    public static int OpenForLocking(string path) => Open(path, OpenLockFlags, Mode0600);

    /// <summary>Opens an existing file to test its locks (reading is enough); -1 on failure (ENOENT: it is not there).</summary>
    public static int OpenForLockTest(string path) => Open(path, OpenReadFlags, 0);

    /// <summary>
    /// Takes an exclusive OFD lock on one byte at <paramref name="offset"/> (or the whole file for -1); false if
    /// another description holds it (only without <paramref name="wait"/>).
    /// </summary>
    public static bool TryLockRange(int fd, long offset, bool wait)
    {
        var record = new FlockRecord { Type = WriteLock, Whence = SeekSet, Start = offset < 0 ? 0 : offset, Length = offset < 0 ? 0 : 1 };
        while (true)
        {
            if (Fcntl(fd, wait ? SetOfdLockWait : SetOfdLock, ref record) == 0)
                return true;
            int error = Marshal.GetLastPInvokeError();
            if (wait && error == Interrupted)
                continue;
            if (!wait && error is WouldBlock or AccessDenied) // held by another description
                return false;
            throw new IOException($"cannot lock: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>Whether another description (in this process or another) holds a lock on the byte at <paramref name="offset"/>.</summary>
    public static bool IsRangeLocked(int fd, long offset)
    {
        var record = new FlockRecord { Type = WriteLock, Whence = SeekSet, Start = offset, Length = 1 };
        if (Fcntl(fd, GetOfdLock, ref record) != 0)
            throw new IOException($"cannot test a lock: {Marshal.GetLastPInvokeErrorMessage()}");
        return record.Type != Unlocked;
    }

    /// <summary>Flushes a file's data (and only the metadata needed to read it back) to the disk.</summary>
    public static void DataSync(int fd)
    {
        if (FdataSync(fd) != 0)
            throw new IOException($"fdatasync failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Flushes a file or a directory (a rename or deletion in it) to the disk.</summary>
    public static void Sync(int fd)
    {
        if (Fsync(fd) != 0)
            throw new IOException($"fsync failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>fsyncs a directory, so the renames and deletions made in it survive a crash.</summary>
    public static void SyncDirectory(string directory)
    {
        int fd = Open(directory, OpenDirectoryFlags, 0);
        if (fd < 0)
            return;
        try
        {
            Sync(fd);
        }
        finally
        {
            Close(fd);
        }
    }

    public static void Close(int fd) => _ = CloseFd(fd);

    /// <summary>Makes the calling thread yield the CPU to the rest (nice 10: on Linux a thread has a nice value of its own).</summary>
    public static void LowerThisThreadsPriority() => _ = SetPriority(0, 0, 10); // PRIO_PROCESS, this thread; best effort

    /// <summary>
    /// Whether <paramref name="path"/> exists, asked with access(2) rather than a stat. Since Linux 6.13 a stat
    /// marks the file's change time as seen, and the next write then takes a fine-grained new time, which makes the
    /// inode dirty: an fdatasync of a file stat'ed between its writes also writes its inode, a second I/O that made
    /// the journal's flush about 40% slower here.
    /// </summary>
    public static bool Exists(string path) => Access(path, 0) == 0; // F_OK

    /// <summary>The size of an open file, from lseek(2) (no stat: see <see cref="Exists"/>).</summary>
    public static long SizeOf(SafeFileHandle handle) => WithDescriptor(handle, static fd =>
    {
        long size = Lseek(fd, 0, SeekEnd);
        return size >= 0 ? size : throw new IOException($"cannot find the size of a file: {Marshal.GetLastPInvokeErrorMessage()}");
    });

    /// <summary>fdatasync of an open file (see <see cref="DataSync(int)"/>).</summary>
    public static void DataSync(SafeFileHandle handle) => WithDescriptor(handle, static fd =>
    {
        DataSync(fd);
        return 0;
    });

    // The handle's descriptor, kept from being closed and reused while the call runs.
    private static T WithDescriptor<T>(SafeFileHandle handle, Func<int, T> call)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return call((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    /// <summary>
    /// A whole small file's bytes, or null when there is no such file: open, read to the end, close, and nothing else
    /// (File.ReadAllText adds a stat, a shared flock and its release, and a stream with buffers of its own).
    /// </summary>
    public static byte[]? ReadAllBytesOrNull(string path)
    {
        int fd;
        while ((fd = Open(path, OpenReadFlags, 0)) < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
                continue;
            if (error is NoSuchEntry or NotADirectory or TooManyLinks or NameTooLong)
                return null; // as File.Exists would say
            string message = $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(error)}";
            throw error == AccessDenied ? new UnauthorizedAccessException(message) : new IOException(message);
        }
        try
        {
            var buffer = new byte[4096];
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                    Array.Resize(ref buffer, checked(buffer.Length * 2));
                nint read = ReadFd(fd, ref buffer[length], buffer.Length - length);
                if (read == 0)
                    return buffer.AsSpan(0, length).ToArray();
                if (read > 0)
                {
                    length += (int)read; // a short read is not the end on every file system (FUSE, NFS): read until 0
                    continue;
                }
                int error = Marshal.GetLastPInvokeError();
                if (error == IsADirectory)
                    return null;
                if (error != Interrupted)
                    throw new IOException($"cannot read {path}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, ref FlockRecord record);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdataSync(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, ref byte buffer, nint count);
}
