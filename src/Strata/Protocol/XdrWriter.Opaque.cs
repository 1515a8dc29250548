using System.Text;

namespace Strata.Protocol;

public sealed partial class XdrWriter
{
    /// <summary>Fixed-length opaque data (<c>opaque x[N]</c>): exactly <paramref name="length"/> bytes, then padding.</summary>
    public void WriteFixedOpaque(ReadOnlySpan<byte> data, int length)
    {
        if (data.Length != length)
        {
            throw new ArgumentException($"fixed opaque needs {length} bytes, got {data.Length}", nameof(data));
        }

        WritePadded(data);
    }

    /// <summary>Bytes as they are, with no length word and no padding: the payload of a stream packet.</summary>
    public void WriteRaw(ReadOnlySpan<byte> data) => data.CopyTo(Reserve(data.Length));

    /// <summary>Variable-length opaque data (<c>opaque x&lt;max&gt;</c>).</summary>
    public void WriteOpaque(ReadOnlySpan<byte> data, int maxLength)
    {
        CheckLength(data.Length, maxLength, "opaque");
        WriteUInt32((uint)data.Length);
        WritePadded(data);
    }

    /// <summary>A string (<c>string x&lt;max&gt;</c>), UTF-8 on the wire.</summary>
    public void WriteString(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = Encoding.UTF8.GetByteCount(value);
        CheckLength(length, maxLength, "string");
        WriteUInt32((uint)length);
        var span = Reserve((int)Xdr.Padded(length));
        int written = Encoding.UTF8.GetBytes(value, span);
        span[written..].Clear();
    }

    /// <summary>An optional string (<c>string *x</c>).</summary>
    public void WriteOptionalString(string? value, int maxLength)
    {
        WritePresence(value is not null);
        if (value is not null)
        {
            WriteString(value, maxLength);
        }
    }

    private void WritePadded(ReadOnlySpan<byte> data)
    {
        var span = Reserve((int)Xdr.Padded(data.Length));
        data.CopyTo(span);
        span[data.Length..].Clear();
    }

    private static void CheckLength(int length, int maxLength, string what)
    {
        if (length > maxLength)
        {
            throw new ProtocolException($"XDR {what} of {length} bytes exceeds the maximum of {maxLength}");
        }
    }
}
