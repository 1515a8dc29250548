using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Strata.Storage;

/// <summary>What a journal record says about one file of the journaled directory.</summary>
internal enum JournalRecordKind : uint
{
    /// <summary>The first record of a generation of the journal (at offset 0): names its epoch, says nothing of files.</summary>
    Begin = 1,

    /// <summary>The file holds these contents.</summary>
    Write = 2,

    /// <summary>The file is gone (a tombstone).</summary>
    Delete = 3,
}

/// <summary>
/// One record of a <see cref="WriteAheadLog"/>, and its layout on disk: a 32-byte header (magic, kind, epoch,
/// sequence number, payload length, CRC-32C of everything after the magic) and a payload (the file name, and for a
/// write a NUL and the contents, UTF-8). A record is valid only with the epoch of the log's begin record and the next
/// sequence number, so records left over from an earlier generation or torn by a crash end the log.
/// </summary>
internal sealed record JournalRecord(JournalRecordKind Kind, ulong Epoch, ulong Sequence, string FileName, string? Contents)
{
    public const int HeaderSize = 32;
    private const uint Magic = 0x314A5453; // "STJ1", little-endian

    public static JournalRecord Begin(ulong epoch) => new(JournalRecordKind.Begin, epoch, 0, "", null);

    /// <summary>The record's bytes, header and payload.</summary>
    public byte[] Encode()
    {
        int nameLength = Encoding.UTF8.GetByteCount(FileName);
        int payloadLength = Kind == JournalRecordKind.Write ? nameLength + 1 + Encoding.UTF8.GetByteCount(Contents!) : nameLength;
        var bytes = new byte[HeaderSize + payloadLength];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)Kind);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], Epoch);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], payloadLength);
        Encoding.UTF8.GetBytes(FileName, span[HeaderSize..]);
        if (Kind == JournalRecordKind.Write)
            Encoding.UTF8.GetBytes(Contents!, span[(HeaderSize + nameLength + 1)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], Checksum(span));
        return bytes;
    }

    /// <summary>
    /// The payload length a header announces, or -1 when the header cannot start a record of this epoch with this
    /// sequence number (zeros, a leftover of another generation, a torn write) or claims more than <paramref name="room"/>.
    /// </summary>
    public static int PayloadLength(ReadOnlySpan<byte> header, ulong epoch, ulong sequence, long room)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic
            || BinaryPrimitives.ReadUInt64LittleEndian(header[8..]) != epoch
            || BinaryPrimitives.ReadUInt64LittleEndian(header[16..]) != sequence)
            return -1;
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        return length >= 0 && length <= room - HeaderSize ? length : -1;
    }

    /// <summary>The epoch a begin record names, or null when <paramref name="header"/> is not a valid one.</summary>
    public static ulong? EpochOfBegin(ReadOnlySpan<byte> header)
    {
        ulong epoch = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        return PayloadLength(header, epoch, 0, HeaderSize) == 0 && Decode(header, epoch, 0) is { Kind: JournalRecordKind.Begin } ? epoch : null;
    }

    /// <summary>The record in <paramref name="bytes"/> (header and payload), or null when its checksum or content is wrong.</summary>
    public static JournalRecord? Decode(ReadOnlySpan<byte> bytes, ulong epoch, ulong sequence)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[28..]) != Checksum(bytes))
            return null;
        var kind = (JournalRecordKind)BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        var payload = bytes[HeaderSize..];
        switch (kind)
        {
            case JournalRecordKind.Begin when payload.IsEmpty && sequence == 0:
                return Begin(epoch);
            case JournalRecordKind.Delete when sequence > 0:
                return new(kind, epoch, sequence, Encoding.UTF8.GetString(payload), null);
            case JournalRecordKind.Write when sequence > 0 && payload.IndexOf((byte)0) is >= 0 and var end:
                return new(kind, epoch, sequence, Encoding.UTF8.GetString(payload[..end]), Encoding.UTF8.GetString(payload[(end + 1)..]));
            default:
                return null;
        }
    }

    // CRC-32C (the CPU computes it) over the header after the magic, without the checksum field, and the payload.
    private static uint Checksum(ReadOnlySpan<byte> record)
    {
        uint crc = uint.MaxValue;
        crc = Crc(crc, record[4..28]);
        crc = Crc(crc, record[HeaderSize..]);
        return ~crc;
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[sizeof(ulong)..];
        }
        foreach (byte b in bytes)
            crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
