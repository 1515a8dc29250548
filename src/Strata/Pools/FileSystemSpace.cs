using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Strata.Pools;

/// <summary>A file system's size and free space (statvfs), as libvirt's directory pool reports them.</summary>
internal static partial class FileSystemSpace
{
    // struct statvfs on 64-bit Linux: f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, … each 8 bytes.
    private const int BufferSize = 256;
    private const int FragmentSizeOffset = 8;
    private const int BlocksOffset = 16;
    private const int FreeBlocksOffset = 24;

    /// <summary>Capacity, allocation and available bytes of the file system holding <paramref name="path"/>; available counts the root-reserved blocks too, as libvirt's.</summary>
    public static (ulong Capacity, ulong Allocation, ulong Available) Of(string path)
    {
        Span<byte> buffer = stackalloc byte[BufferSize];
        unsafe
        {
            fixed (byte* stat = buffer)
            {
                if (StatVfs(path, stat) != 0)
                    throw new StrataException(ErrorCode.OperationFailed, $"cannot statvfs path '{path}': {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        ulong fragment = BinaryPrimitives.ReadUInt64LittleEndian(buffer[FragmentSizeOffset..]);
        ulong capacity = BinaryPrimitives.ReadUInt64LittleEndian(buffer[BlocksOffset..]) * fragment;
        ulong available = BinaryPrimitives.ReadUInt64LittleEndian(buffer[FreeBlocksOffset..]) * fragment;
        return (capacity, capacity - available, available);
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatVfs(string path, byte* buffer);
}
