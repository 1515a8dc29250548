using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strata.Images;

/// <summary>File helpers shared by the image formats.</summary>
internal static partial class ImageIo
{
    /// <summary>Reads exactly the buffer's length; bytes past the end of the file read as zeros (a sparse tail).</summary>
    /// <remarks>
    /// The handles are not opened for async I/O, so RandomAccess.ReadAsync would only queue a blocking read to the
    /// thread pool; reading inline is measurably faster for 4 KiB guest reads that hit the page cache.
    /// </remarks>
    public static ValueTask ReadFullyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadFully(handle, buffer.Span, offset);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes inline, for the same reason as <see cref="ReadFullyAsync"/>.</summary>
    public static ValueTask WriteAsync(SafeFileHandle handle, ReadOnlyMemory<byte> data, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RandomAccess.Write(handle, data.Span, offset);
        return ValueTask.CompletedTask;
    }

    public static void ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                buffer.Clear();
                return;
            }
            buffer = buffer[read..];
            offset += read;
        }
    }

    // struct stat's st_blocks sits at byte 64 on both x86_64 and aarch64 Linux; 256 bytes covers the whole struct.
    private const int StatBufferSize = 256;
    private const int StBlocksOffset = 64;
    private const int StatBlockSize = 512;

    /// <summary>Bytes the file occupies on disk (st_blocks × 512), as <c>qemu-img info</c> reports "disk size".</summary>
    public static long AllocatedBytes(string path)
    {
        Span<byte> stat = stackalloc byte[StatBufferSize];
        unsafe
        {
            fixed (byte* buffer = stat)
            {
                if (Stat(path, buffer) != 0)
                    return new FileInfo(path).Length;
            }
        }
        return BitConverter.ToInt64(stat[StBlocksOffset..]) * StatBlockSize;
    }

    /// <summary>fsync: the ordering barrier between data, L2 and L1 writes.</summary>
    public static void FlushToDisk(SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Fsync((int)handle.DangerousGetHandle()) != 0)
                throw new IOException($"fsync failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private const int SeekData = 3;
    private const int SeekHole = 4;

    /// <summary>
    /// The first stretch of a sparse file at or after <paramref name="offset"/> that the filesystem holds data for
    /// (SEEK_DATA, SEEK_HOLE); (length, length) when only holes follow. A filesystem without hole reporting
    /// answers with the whole rest of the file, which is still correct.
    /// </summary>
    public static (long Start, long End) NextData(SafeFileHandle handle, long offset, long length)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            long start = LSeek(fd, offset, SeekData);
            if (start < 0)
                return Marshal.GetLastPInvokeError() == NoSuchDeviceOrAddress ? (length, length) : (offset, length);
            long end = LSeek(fd, start, SeekHole);
            return (Math.Min(start, length), end < 0 ? length : Math.Min(end, length));
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private const int NoSuchDeviceOrAddress = 6; // ENXIO: no data at or after the offset

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);
}
