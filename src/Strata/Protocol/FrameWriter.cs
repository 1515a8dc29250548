namespace Strata.Protocol;

/// <summary>Writes whole frames to a stream, one at a time, so concurrent senders never interleave bytes.</summary>
public sealed class FrameWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Writes to <paramref name="stream"/>; the writer does not own it.</summary>
    public FrameWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Sends one complete frame (length word included), checking its length word first.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (frame.Length < NetLimits.LengthWordSize || Frame.ReadLength(frame.Span) != frame.Length)
        {
            throw new ArgumentException("not one whole frame", nameof(frame));
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Sends a message with an empty payload.</summary>
    public ValueTask WriteAsync(MessageHeader header, CancellationToken cancellationToken = default) =>
        WriteAsync(Frame.Build(header), cancellationToken);

    /// <summary>Sends a message carrying <paramref name="body"/>.</summary>
    public ValueTask WriteAsync<T>(MessageHeader header, T body, CancellationToken cancellationToken = default)
        where T : IXdrType<T> =>
        WriteAsync(Frame.Build(header, body), cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
