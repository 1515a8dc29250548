namespace Strata.Protocol;

/// <summary>UUIDs as libvirt sends them: 16 bytes in RFC 4122 (big-endian) order, as printed.</summary>
public static class XdrUuid
{
    /// <summary>Reads a <c>remote_uuid</c>.</summary>
    public static Guid ReadUuid(this ref XdrReader reader) =>
        new(reader.ReadFixedOpaque(NetLimits.UuidLength), bigEndian: true);

    /// <summary>Writes a <c>remote_uuid</c>.</summary>
    public static void WriteUuid(this XdrWriter writer, Guid uuid)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> bytes = stackalloc byte[NetLimits.UuidLength];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        writer.WriteFixedOpaque(bytes, NetLimits.UuidLength);
    }
}
