using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strata.Images;

/// <summary>
/// Writes a new file's data (a convert's output) with O_DIRECT when asked and the filesystem allows it. The data
/// then goes from the converter's buffer to the disk instead of into freshly allocated page cache: no copy into
/// the kernel, no dirty pages left for a later writeback, and no page cache taken from what the machine is
/// running. Writes that are not block aligned (the tail of an odd-sized disk) go through an ordinary handle on
/// the same file, as does everything when direct writes were not asked for.
/// </summary>
internal sealed partial class DirectFileWriter : IDisposable
{
    /// <summary>O_DIRECT needs offsets, lengths and buffer addresses aligned to the device's logical block; 4 KiB covers every device.</summary>
    public const int Alignment = 4096;

    private readonly SafeFileHandle _buffered;
    private SafeFileHandle? _direct;

    public DirectFileWriter(string path, bool direct)
    {
        _buffered = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        int fd = direct ? Open(path, WriteOnly | CloseOnExec | DirectFlag, 0) : -1;
        _direct = fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null; // tmpfs and some others refuse O_DIRECT
    }

    /// <summary>True while writes bypass the page cache.</summary>
    public bool IsDirect => _direct is not null;

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, its aligned part directly.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        int direct = _direct is not null && offset % Alignment == 0 && IsAligned(data) ? data.Length & ~(Alignment - 1) : 0;
        if (direct > 0)
        {
            try
            {
                RandomAccess.Write(_direct!, data[..direct], offset);
            }
            catch (IOException)
            {
                // A filesystem that opens with O_DIRECT but refuses the write: everything goes the ordinary way.
                _direct!.Dispose();
                _direct = null;
                direct = 0;
            }
        }
        if (direct < data.Length)
            RandomAccess.Write(_buffered, data[direct..], offset + direct);
    }

    /// <summary>fsync: direct writes skip the page cache, not the device's own cache.</summary>
    public void Flush() => ImageIo.FlushToDisk(_buffered);

    /// <summary>A buffer of <paramref name="size"/> bytes whose address suits direct writes (pinned, so it never moves).</summary>
    public static Memory<byte> AllocateBuffer(int size)
    {
        byte[] array = GC.AllocateUninitializedArray<byte>(size + Alignment, pinned: true);
        int skip;
        unsafe
        {
            fixed (byte* start = array)
                skip = (int)((Alignment - ((nint)start & (Alignment - 1))) & (Alignment - 1));
        }
        return array.AsMemory(skip, size);
    }

    private static unsafe bool IsAligned(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
            return ((nint)start & (Alignment - 1)) == 0;
    }

    public void Dispose()
    {
        _direct?.Dispose();
        _buffered.Dispose();
    }

    private const int WriteOnly = 0x1;
    private const int CloseOnExec = 0x80000;

    // O_DIRECT is one of the few open flags whose value differs between Linux architectures.
    private static int DirectFlag => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
