namespace Strata.Drivers.Qemu.Qmp;

/// <summary>
/// Splits a QMP byte stream into messages. QEMU writes one JSON object per line ("\r\n"-terminated, since its
/// monitor output path expands "\n"); JSON strings escape newlines, so a raw newline always ends a message.
/// Handles partial reads, several messages per read, and replies larger than the read buffer.
/// </summary>
internal sealed class QmpMessageReader(Stream stream)
{
    /// <summary>Starting buffer size: most replies and events are far smaller.</summary>
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>A ceiling on one message, so a corrupt stream cannot exhaust memory (query-qmp-schema is about 200 KiB).</summary>
    internal const int MaxMessageBytes = 64 * 1024 * 1024;

    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;    // first byte of the message being assembled
    private int _end;      // end of valid data
    private int _scanned;  // bytes from _start already known to hold no newline

    /// <summary>The next non-blank message (without its line terminator), or null at end of stream.</summary>
    /// <remarks>The returned memory is valid until the next call.</remarks>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start + _scanned, _end - _start - _scanned);
            if (newline >= 0)
            {
                var line = Trim(_buffer.AsMemory(_start, newline - _start));
                _start = newline + 1;
                _scanned = 0;
                if (line.Length > 0) return line;
                continue;
            }
            _scanned = _end - _start;
            MakeRoom();
            int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // A final message without a newline still counts.
                var rest = Trim(_buffer.AsMemory(_start, _end - _start));
                _start = _end;
                _scanned = 0;
                // (Not "rest : null": null would convert to an empty ReadOnlyMemory, not to a null Nullable.)
                if (rest.Length == 0) return null;
                return rest;
            }
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length) return;
        int pending = _end - _start;
        if (pending * 2 <= _buffer.Length)
        {
            // Enough space once consumed messages are dropped.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        else
        {
            if (_buffer.Length >= MaxMessageBytes)
                throw new InvalidDataException($"a QMP message exceeds {MaxMessageBytes} bytes");
            var bigger = new byte[Math.Min((long)_buffer.Length * 2, MaxMessageBytes)];
            Buffer.BlockCopy(_buffer, _start, bigger, 0, pending);
            _buffer = bigger;
        }
        _start = 0;
        _end = pending;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        int first = 0, last = span.Length;
        while (first < last && IsSpace(span[first])) first++;
        while (last > first && IsSpace(span[last - 1])) last--;
        return line[first..last];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
