using System.Text;

namespace Strata.Protocol;

public sealed partial class XdrWriter
{
    /// <summary>rpcgen's <c>char x&lt;max&gt;</c>: a C string with its terminating NUL, one 4-byte XDR char per byte.</summary>
    public void WriteCharString(string value, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int count = bytes.Length + 1;
        WriteArrayCount(count, maxCount);
        WriteChars(bytes, count);
    }

    /// <summary>rpcgen's <c>char x[N]</c>: a C string padded with NULs to exactly <paramref name="count"/> chars.</summary>
    public void WriteFixedCharString(string value, int count)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length >= count)
        {
            throw new ProtocolException($"string of {bytes.Length} bytes does not fit a char[{count}] with its NUL");
        }

        WriteChars(bytes, count);
    }

    private void WriteChars(ReadOnlySpan<byte> bytes, int count)
    {
        for (int i = 0; i < count; i++)
        {
            WriteInt32(i < bytes.Length ? bytes[i] : 0);
        }
    }
}
