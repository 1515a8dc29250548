using System.Threading.Channels;
using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The client end of a volume transfer (a libvirt stream one way): packets under the opening call's serial. Data goes as
/// CONTINUE packets, an empty CONTINUE from the daemon is end of file, an empty OK finishes the stream and waits for
/// the daemon's OK; an ERROR from the daemon fails it and ends it. A transfer given up on this side is aborted.
/// </summary>
internal sealed class RemoteTransfer : IStreamPackets, IAsyncDisposable
{
    // Packets received but not yet consumed: a daemon sending faster than they are consumed waits on its socket.
    private const int Backlog = 16;

    private readonly RemoteClient _client;
    private readonly MessageHeader _packet;
    private readonly Channel<Message> _packets = Channel.CreateBounded<Message>(Backlog);
    private StrataException? _failed;
    private bool _ended;

    /// <summary>A transfer whose data packets carry <paramref name="packet"/>'s header.</summary>
    public RemoteTransfer(RemoteClient client, MessageHeader packet)
    {
        _client = client;
        _packet = packet;
    }

    public async ValueTask DeliverAsync(Message packet, CancellationToken cancellationToken)
    {
        try
        {
            await _packets.Writer.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The transfer was closed on this side: what the daemon still sends for it is dropped.
        }
    }

    public void End(Exception? error) => _packets.Writer.TryComplete(error);

    /// <summary>Sends one packet of data; fails at once when the daemon has already failed the stream.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (_packets.Reader.TryRead(out var early))
            Check(early);
        await _client.SendAsync(_packet, new StreamData(data), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next data the daemon sent; empty at end of file.</summary>
    public async Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var packet = await NextAsync(cancellationToken).ConfigureAwait(false);
        Check(packet);
        if (packet.Header.Type == MessageType.StreamHole)
            throw Fail(new StrataException(ErrorCode.InternalError, "internal error: the daemon sent a hole in a stream that is not sparse"));
        return packet.Payload;
    }

    /// <summary>virStreamFinish: tells the daemon the data is complete and waits until it has taken all of it.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_failed is not null)
            throw _failed;
        await _client.SendAsync(_packet with { Status = MessageStatus.Ok }, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var packet = await NextAsync(cancellationToken).ConfigureAwait(false);
            Check(packet);
            if (packet.Header.Status == MessageStatus.Ok)
            {
                _ended = true;
                return;
            }
        }
    }

    /// <summary>virStreamAbort, unless the stream finished: the daemon drops what it has and answers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_ended)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _client.SendAsync(_packet with { Status = MessageStatus.Error }, timeout.Token).ConfigureAwait(false);
                while (!_ended && await _packets.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    while (_packets.Reader.TryRead(out var packet))
                        _ended |= packet.Header.Status != MessageStatus.Continue;
                }
            }
        }
        catch (Exception error) when (error is StrataException or OperationCanceledException or ChannelClosedException)
        {
            // The daemon or the connection is gone: nothing is left to abort.
        }
        finally
        {
            _client.CloseStream(_packet.Serial);
        }
    }

    private async Task<Message> NextAsync(CancellationToken cancellationToken)
    {
        if (_failed is not null)
            throw _failed;
        try
        {
            return await _packets.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed)
        {
            throw Fail(closed.InnerException as StrataException ?? new ConnectionException("the connection to the daemon was closed"));
        }
    }

    private void Check(Message packet)
    {
        if (packet.Header.Status == MessageStatus.Error)
        {
            // The daemon ended the stream itself: there is nothing left to abort (libvirt's client sends no abort
            // either, and the daemon would not answer one).
            _ended = true;
            throw Fail(packet.Error is { } error ? RemoteErrors.ToException(error) : new StrataException(ErrorCode.InternalError, "internal error: the stream failed"));
        }
    }

    private StrataException Fail(StrataException error) => _failed = error;
}
