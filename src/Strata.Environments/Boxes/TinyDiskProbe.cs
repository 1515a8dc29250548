using System.Buffers.Binary;
using System.Text;
using Strata.Images;

namespace Strata.Environments.Boxes;

/// <summary>Recognises a tiny root disk: a bare ext4 filesystem (no partition table) with the tiny box's volume label.</summary>
internal static class TinyDiskProbe
{
    // The ext2/3/4 superblock starts 1024 bytes into the filesystem; its magic and label sit at fixed offsets in it.
    private const int SuperblockOffset = 1024;
    private const int MagicOffset = 56;
    private const ushort Ext4Magic = 0xEF53;
    private const int LabelOffset = 120;
    private const int LabelLength = 16;

    public static async Task<bool> IsTinyDiskAsync(DiskImage image, CancellationToken cancellationToken)
    {
        if (image.VirtualSize < SuperblockOffset * 2)
            return false;
        byte[] superblock = new byte[SuperblockOffset];
        await image.ReadAsync(SuperblockOffset, superblock, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt16LittleEndian(superblock.AsSpan(MagicOffset)) != Ext4Magic)
            return false;
        var label = superblock.AsSpan(LabelOffset, LabelLength);
        int end = label.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? label : label[..end]) == TinyBox.DiskLabel;
    }
}
