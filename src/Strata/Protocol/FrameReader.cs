using System.Runtime.CompilerServices;

namespace Strata.Protocol;

/// <summary>
/// Reads whole messages from a stream, however the bytes arrive: a frame split across many reads or many frames in one.
/// A frame's length is validated before its buffer is grown, so a bad length costs no allocation.
/// </summary>
public sealed class FrameReader
{
    private const int InitialCapacity = NetLimits.MessageInitial + NetLimits.LengthWordSize;

    // A buffer grown past this for one large message is dropped afterwards, so an idle connection does not keep 16 MiB.
    private const int RetainedCapacityMax = 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Reads from <paramref name="stream"/>; the reader does not own it.</summary>
    public FrameReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _buffer = new byte[InitialCapacity];
    }

    /// <summary>
    /// The next message, or null when the peer closed the stream between messages.
    /// Throws <see cref="FrameSizeException"/> for a bad length word and <see cref="ProtocolException"/> when the
    /// stream ends inside a frame.
    /// </summary>
    public async ValueTask<Message?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!await FillAsync(NetLimits.LengthWordSize, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        int length = Frame.ReadLength(_buffer.AsSpan(_start));
        if (!await FillAsync(length, cancellationToken).ConfigureAwait(false))
        {
            throw new ProtocolException($"connection closed inside a frame of {length} bytes");
        }

        // Step past the frame before parsing it: a malformed header costs that frame only, and the next read stays in step.
        int start = _start;
        _start += length;
        try
        {
            return Frame.Parse(_buffer.AsSpan(start, length));
        }
        finally
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }

            ShrinkAfterLargeMessage();
        }
    }

    /// <summary>Every message until the peer closes the stream.</summary>
    public async IAsyncEnumerable<Message> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    // True once `count` bytes are buffered from _start; false when the stream ended cleanly before any byte of them.
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        MakeRoom(count);
        while (_end - _start < count)
        {
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return false;
                }

                throw new ProtocolException($"connection closed after {_end - _start} of {count} bytes of a frame");
            }

            _end += read;
        }

        return true;
    }

    private void ShrinkAfterLargeMessage()
    {
        int buffered = _end - _start;
        if (_buffer.Length <= RetainedCapacityMax || buffered > InitialCapacity)
        {
            return;
        }

        var small = new byte[InitialCapacity];
        Buffer.BlockCopy(_buffer, _start, small, 0, buffered);
        _buffer = small;
        _start = 0;
        _end = buffered;
    }

    private void MakeRoom(int count)
    {
        if (_start + count <= _buffer.Length)
        {
            return;
        }

        int buffered = _end - _start;
        var target = count <= _buffer.Length ? _buffer : new byte[count];
        Buffer.BlockCopy(_buffer, _start, target, 0, buffered);
        _buffer = target;
        _start = 0;
        _end = buffered;
    }
}
