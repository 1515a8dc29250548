using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Strata.Pools;

/// <summary>
/// What stat(2) tells about a file that .NET does not (owner, group, nanosecond times, blocks): the details
/// libvirt's volume and pool XML show.
/// </summary>
public sealed partial record FileStatus(int Mode, int Owner, int Group, long Length, long AllocatedBytes, FileTime Accessed, FileTime Modified, FileTime Changed)
{
    // struct stat is 144 bytes on x86_64 and 128 on aarch64; the buffer covers both with room to spare.
    private const int StatBufferSize = 256;
    private const int BlockSize = 512;
    private const int PermissionBits = 0xFFF; // S_IRWXUGO plus setuid, setgid and sticky

    /// <summary>Field offsets in struct stat: mode, uid, gid differ between x86_64 and aarch64; the rest do not.</summary>
    private static (int Mode, int Uid, int Gid) IdOffsets => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? (16, 24, 28) : (24, 28, 32);
    private const int SizeOffset = 48;
    private const int BlocksOffset = 64;
    private const int AccessedOffset = 72;
    private const int ModifiedOffset = 88;
    private const int ChangedOffset = 104;

    /// <summary>The file's status (symlinks followed), or null when it cannot be read.</summary>
    public static FileStatus? Of(string path)
    {
        Span<byte> buffer = stackalloc byte[StatBufferSize];
        unsafe
        {
            fixed (byte* stat = buffer)
            {
                if (Stat(path, stat) != 0)
                    return null;
            }
        }
        var (mode, uid, gid) = IdOffsets;
        return new FileStatus(
            BinaryPrimitives.ReadInt32LittleEndian(buffer[mode..]) & PermissionBits,
            BinaryPrimitives.ReadInt32LittleEndian(buffer[uid..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[gid..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[SizeOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[BlocksOffset..]) * BlockSize,
            FileTime.Read(buffer[AccessedOffset..]),
            FileTime.Read(buffer[ModifiedOffset..]),
            FileTime.Read(buffer[ChangedOffset..]));
    }

    /// <summary>The effective user and group id of this process, what a new file is owned by.</summary>
    public static (int Owner, int Group) ProcessIds => (GetEffectiveUid(), GetEffectiveGid());

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial int GetEffectiveUid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial int GetEffectiveGid();
}

/// <summary>A struct timespec: seconds and nanoseconds since the epoch.</summary>
public readonly record struct FileTime(long Seconds, long Nanoseconds)
{
    internal static FileTime Read(ReadOnlySpan<byte> timespec) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(timespec), BinaryPrimitives.ReadInt64LittleEndian(timespec[8..]));

    /// <summary>As libvirt's XML writes it: seconds, then a dot and nine digits of nanoseconds unless they are zero.</summary>
    public override string ToString() => Nanoseconds == 0
        ? Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Seconds}.{Nanoseconds:D9}");
}
