using System.Buffers.Binary;
using System.Text;

namespace Strata.Protocol;

/// <summary>
/// Reads XDR (RFC 4506) from a buffer. Every length is checked against the protocol maximum and the
/// bytes left before anything is allocated, so a hostile payload costs at most what it sent.
/// </summary>
public ref struct XdrReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    /// <summary>Starts reading at the beginning of <paramref name="buffer"/>.</summary>
    public XdrReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>A signed 32-bit integer (<c>int</c>).</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));

    /// <summary>An unsigned 32-bit integer (<c>unsigned int</c>; also rpcgen's <c>unsigned char</c> and <c>unsigned short</c>).</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(sizeof(uint)));

    /// <summary>A signed 64-bit integer (<c>hyper</c>).</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long)));

    /// <summary>An unsigned 64-bit integer (<c>unsigned hyper</c>).</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(sizeof(ulong)));

    /// <summary>An XDR <c>double</c>: IEEE 754 binary64, big-endian.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(sizeof(double)));

    /// <summary>A <c>bool</c>: 0 or 1, anything else is malformed.</summary>
    public bool ReadBool() => ReadInt32() switch
    {
        0 => false,
        1 => true,
        var other => throw new MalformedMessageException($"invalid XDR bool {other}"),
    };

    /// <summary>The discriminant of an optional (<c>*T</c>) value: true when a value follows.</summary>
    public bool ReadPresence() => ReadBool();

    /// <summary>Fixed-length opaque data (<c>opaque x[N]</c>) and its padding; the span points into the buffer.</summary>
    public ReadOnlySpan<byte> ReadFixedOpaque(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        EnsureAvailable(Xdr.Padded(length), "fixed opaque");
        var data = _buffer.Slice(_position, length);
        _position += (int)Xdr.Padded(length);
        return data;
    }

    /// <summary>Every byte left, unpadded: the payload of a stream packet.</summary>
    public ReadOnlySpan<byte> ReadRest() => Take(Remaining);

    /// <summary>Variable-length opaque data (<c>opaque x&lt;max&gt;</c>) as a span into the buffer.</summary>
    public ReadOnlySpan<byte> ReadOpaqueSpan(int maxLength)
    {
        int length = ReadLength(maxLength, "opaque");
        return ReadFixedOpaque(length);
    }

    /// <summary>Variable-length opaque data (<c>opaque x&lt;max&gt;</c>) copied out.</summary>
    public byte[] ReadOpaque(int maxLength) => ReadOpaqueSpan(maxLength).ToArray();

    /// <summary>A string (<c>string x&lt;max&gt;</c>), UTF-8 on the wire.</summary>
    public string ReadString(int maxLength)
    {
        int length = ReadLength(maxLength, "string");
        return Encoding.UTF8.GetString(ReadFixedOpaque(length));
    }

    /// <summary>An optional string (<c>string *x</c>), null when absent.</summary>
    public string? ReadOptionalString(int maxLength) => ReadPresence() ? ReadString(maxLength) : null;

    /// <summary>An optional struct (<c>T *x</c>), null when absent.</summary>
    public T? ReadOptional<T>() where T : class, IXdrType<T> => ReadPresence() ? T.Decode(ref this) : null;

    /// <summary>
    /// The element count of a variable-length array, refused when over <paramref name="maxCount"/> or
    /// when the bytes left cannot hold that many elements of at least <paramref name="minElementSize"/> bytes.
    /// </summary>
    public int ReadArrayCount(int maxCount, int minElementSize = Xdr.MinItemSize)
    {
        uint count = ReadUInt32();
        if (count > (uint)maxCount)
        {
            throw new MalformedMessageException($"XDR array of {count} elements exceeds the maximum of {maxCount}");
        }

        EnsureAvailable((long)count * minElementSize, "array");
        return (int)count;
    }

    /// <summary>A variable-length array of structs (<c>T x&lt;max&gt;</c>).</summary>
    public T[] ReadArray<T>(int maxCount) where T : IXdrType<T>
    {
        int count = ReadArrayCount(maxCount);
        var items = new T[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = T.Decode(ref this);
        }

        return items;
    }

    /// <summary>A variable-length array of ints (<c>int x&lt;max&gt;</c>).</summary>
    public int[] ReadInt32Array(int maxCount)
    {
        int count = ReadArrayCount(maxCount, sizeof(int));
        var items = new int[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = ReadInt32();
        }

        return items;
    }

    /// <summary>A variable-length array of strings (<c>string x&lt;max&gt;</c> elements, <paramref name="maxCount"/> of them).</summary>
    public string[] ReadStringArray(int maxCount, int maxLength)
    {
        int count = ReadArrayCount(maxCount);
        var items = new string[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = ReadString(maxLength);
        }

        return items;
    }

    /// <summary>Throws unless every byte has been consumed: a payload longer than its struct is malformed.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new MalformedMessageException($"{Remaining} unexpected bytes after the XDR payload");
        }
    }

    /// <summary>
    /// rpcgen's <c>char x&lt;max&gt;</c>: a count, then one 4-byte XDR char per byte. libvirt sends C strings this way
    /// with their terminating NUL, which is dropped here.
    /// </summary>
    public string ReadCharString(int maxCount)
    {
        int count = ReadArrayCount(maxCount, sizeof(int));
        return ReadChars(count);
    }

    /// <summary>rpcgen's <c>char x[N]</c>: exactly <paramref name="count"/> 4-byte XDR chars, a C string padded with NULs.</summary>
    public string ReadFixedCharString(int count)
    {
        EnsureAvailable((long)count * sizeof(int), "char array");
        return ReadChars(count);
    }

    private string ReadChars(int count)
    {
        Span<byte> bytes = count <= CharStackLimit ? stackalloc byte[count] : new byte[count];
        int length = -1;
        for (int i = 0; i < count; i++)
        {
            // xdr_char keeps the low byte of the int it decodes.
            bytes[i] = unchecked((byte)ReadInt32());
            if (bytes[i] == 0 && length < 0)
            {
                length = i;
            }
        }

        return Encoding.UTF8.GetString(bytes[..(length < 0 ? count : length)]);
    }

    private const int CharStackLimit = 512;

    private int ReadLength(int maxLength, string what)
    {
        uint length = ReadUInt32();
        if (length > (uint)maxLength)
        {
            throw new MalformedMessageException($"XDR {what} of {length} bytes exceeds the maximum of {maxLength}");
        }

        EnsureAvailable(Xdr.Padded(length), what);
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        EnsureAvailable(count, "value");
        var data = _buffer.Slice(_position, count);
        _position += count;
        return data;
    }

    private readonly void EnsureAvailable(long count, string what)
    {
        if (count > Remaining)
        {
            throw new MalformedMessageException($"XDR {what} needs {count} bytes but only {Remaining} remain");
        }
    }
}
