using System.Buffers.Binary;

namespace Strata.Protocol;

public sealed partial class XdrWriter
{
    /// <summary>A signed 32-bit integer (<c>int</c>).</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(sizeof(int)), value);

    /// <summary>An unsigned 32-bit integer (<c>unsigned int</c>; also rpcgen's <c>unsigned char</c> and <c>unsigned short</c>).</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(sizeof(uint)), value);

    /// <summary>A signed 64-bit integer (<c>hyper</c>).</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(sizeof(long)), value);

    /// <summary>An unsigned 64-bit integer (<c>unsigned hyper</c>).</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(sizeof(ulong)), value);

    /// <summary>A <c>double</c>: IEEE 754 binary64.</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleBigEndian(Reserve(sizeof(double)), value);

    /// <summary>A <c>bool</c> as 0 or 1.</summary>
    public void WriteBool(bool value) => WriteInt32(value ? 1 : 0);

    /// <summary>The discriminant of an optional (<c>*T</c>) value.</summary>
    public void WritePresence(bool present) => WriteBool(present);
}
