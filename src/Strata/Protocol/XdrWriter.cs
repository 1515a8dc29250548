namespace Strata.Protocol;

/// <summary>
/// Writes XDR (RFC 4506) into a growable buffer, optionally framed as one libvirt message
/// (<see cref="BeginMessage"/> … <see cref="FinishMessage"/>). Never grows past <see cref="NetLimits.FrameMax"/>.
/// </summary>
public sealed partial class XdrWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer whose buffer starts at <paramref name="initialCapacity"/> bytes.</summary>
    public XdrWriter(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = new byte[Math.Min(initialCapacity, NetLimits.FrameMax)];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>Size of the buffer, which grows as needed and is kept for the next message.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far; valid until the next write or <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _length = 0;

    private Span<byte> Reserve(int count)
    {
        long needed = (long)_length + count;
        if (needed > NetLimits.FrameMax)
        {
            throw new ProtocolException($"message of at least {needed} bytes exceeds the maximum of {NetLimits.FrameMax}");
        }

        if (needed > _buffer.Length)
        {
            int capacity = (int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), NetLimits.FrameMax);
            Array.Resize(ref _buffer, capacity);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
