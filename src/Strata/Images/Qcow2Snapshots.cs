using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Strata.Images;

/// <summary>Reads a qcow2 snapshot table: variable-length entries, each padded to 8 bytes.</summary>
internal static class Qcow2Snapshots
{
    private const int FixedEntryLength = 40;
    private const int ExtraVmStateLarge = 0;
    private const int ExtraDiskSize = 8;
    private const int ExtraIcount = 16;
    private const ulong NoIcount = ulong.MaxValue; // what QEMU stores when the guest ran without record/replay

    // QEMU's own cap on the extra data of one entry; larger values only come from hostile files.
    private const int MaxExtraData = 1024;

    public sealed record Table(IReadOnlyList<ImageSnapshot> Entries, long TableLength);

    public static Table Read(string path, SafeFileHandle handle, Qcow2Header header, long fileLength)
    {
        var entries = new List<ImageSnapshot>();
        long pos = header.SnapshotsOffset;
        byte[] fixedPart = new byte[FixedEntryLength];
        for (int i = 0; i < header.SnapshotCount; i++)
        {
            if (pos + FixedEntryLength > fileLength)
                throw new InvalidImageException(path, "snapshot table runs past the end of the file");
            ImageIo.ReadFully(handle, fixedPart, pos);
            long l1Offset = (long)BinaryPrimitives.ReadUInt64BigEndian(fixedPart);
            uint l1Size = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(8));
            int idSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(12));
            int nameSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(14));
            uint dateSec = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(16));
            uint dateNsec = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(20));
            ulong vmClock = BinaryPrimitives.ReadUInt64BigEndian(fixedPart.AsSpan(24));
            uint vmState = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(32));
            uint extraSize = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(36));
            if (extraSize > MaxExtraData)
                throw new InvalidImageException(path, $"snapshot {i} has {extraSize} bytes of extra data");
            long variable = extraSize + idSize + nameSize;
            if (pos + FixedEntryLength + variable > fileLength)
                throw new InvalidImageException(path, "snapshot table runs past the end of the file");
            byte[] rest = new byte[variable];
            ImageIo.ReadFully(handle, rest, pos + FixedEntryLength);
            long vmStateSize = vmState;
            long diskSize = header.Size;
            if (extraSize >= ExtraVmStateLarge + 8)
                vmStateSize = (long)BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(ExtraVmStateLarge));
            if (extraSize >= ExtraDiskSize + 8)
                diskSize = (long)BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(ExtraDiskSize));
            long? icount = null;
            if (extraSize >= ExtraIcount + 8 && BinaryPrimitives.ReadUInt64BigEndian(rest.AsSpan(ExtraIcount)) is var counted and not NoIcount)
                icount = (long)counted;
            string id = Encoding.UTF8.GetString(rest, (int)extraSize, idSize);
            string name = Encoding.UTF8.GetString(rest, (int)extraSize + idSize, nameSize);
            var date = DateTimeOffset.FromUnixTimeSeconds(dateSec).AddTicks(dateNsec / 100);
            entries.Add(new ImageSnapshot(id, name, date, TimeSpan.FromTicks((long)(vmClock / 100)), vmStateSize, diskSize, l1Offset, (int)Math.Min(l1Size, int.MaxValue)) { Icount = icount });
            pos += (FixedEntryLength + variable + 7) & ~7L;
        }
        return new Table(entries, pos - header.SnapshotsOffset);
    }
}
