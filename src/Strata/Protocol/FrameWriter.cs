namespace Strata.Protocol;

/// <summary>
/// Writes whole frames to a stream, one at a time, so concurrent senders never interleave bytes. Messages are encoded
/// into one reused buffer under the same lock, so sending allocates nothing once the buffer has grown.
/// A caller's cancellation token cancels only its wait for the frames ahead of it: a frame once begun is written
/// whole, since half a frame would garble every later message on the connection. Only the connection's own token
/// (given at construction: the connection is closing) cuts a frame short, and the sender then gets an IOException.
/// </summary>
public sealed class FrameWriter : IDisposable
{
    // A buffer grown past this for one large message is dropped afterwards, so an idle connection does not keep 16 MiB.
    private const int RetainedCapacityMax = 1024 * 1024;

    private readonly Stream _stream;
    private readonly CancellationToken _closing;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private XdrWriter _writer = new(NetLimits.MessageInitial);

    /// <summary>Writes to <paramref name="stream"/> (the writer does not own it) until <paramref name="closing"/> is cancelled.</summary>
    public FrameWriter(Stream stream, CancellationToken closing = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _closing = closing;
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
            await SendAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Writes a whole frame unless the connection is closing, which every sender hears as the end of the connection
    /// (an <see cref="IOException"/>, as when the peer has gone), not as a cancellation of its own.
    /// </summary>
    private async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await _stream.WriteAsync(frame, _closing).ConfigureAwait(false);
            await _stream.FlushAsync(_closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            throw new IOException("the connection is closing");
        }
    }

    /// <summary>Sends a message with an empty payload.</summary>
    public ValueTask WriteAsync(MessageHeader header, CancellationToken cancellationToken = default) =>
        WriteAsync(header, XdrVoid.Value, cancellationToken);

    /// <summary>Sends a message carrying <paramref name="body"/>; a body over the protocol limits throws and sends nothing.</summary>
    public async ValueTask WriteAsync<T>(MessageHeader header, T body, CancellationToken cancellationToken = default)
        where T : IXdrType<T>
    {
        ArgumentNullException.ThrowIfNull(body);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer.BeginMessage(header);
            body.Encode(_writer);
            await SendAsync(_writer.FinishMessage()).ConfigureAwait(false);
        }
        finally
        {
            if (_writer.Capacity > RetainedCapacityMax)
            {
                _writer = new XdrWriter(NetLimits.MessageInitial);
            }

            _lock.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
