using System.Threading.Channels;
using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// A console as the client sees it, a libvirt stream both ways: STREAM packets under the serial of the call that opened it.
/// Data packets read as bytes; an empty one is the daemon's end of file. Disposing finishes the stream as
/// virStreamFinish does (an OK packet, which the daemon answers), unless the daemon already ended it with an error.
/// </summary>
internal sealed class RemoteConsoleStream : ConsoleStreamBase, IStreamPackets
{
    // Well below libvirt's 256 KiB of data per stream packet; console input is a few bytes at a time anyway.
    private const int PacketDataMax = 64 * 1024;

    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(5);

    private readonly RemoteClient _client;
    private readonly MessageHeader _packet;
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
    private readonly TaskCompletionSource<Exception?> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlyMemory<byte> _unread;
    private bool _atEnd;
    private int _disposed;

    /// <summary>A console whose data packets carry <paramref name="packet"/>'s header.</summary>
    public RemoteConsoleStream(RemoteClient client, MessageHeader packet)
    {
        _client = client;
        _packet = packet;
    }

    /// <summary>Queues a packet from the daemon at once: console output is small, and typing must not wait for reading.</summary>
    public ValueTask DeliverAsync(Message packet, CancellationToken cancellationToken)
    {
        Deliver(packet);
        return ValueTask.CompletedTask;
    }

    private void Deliver(Message packet)
    {
        switch (packet.Header.Status)
        {
            case MessageStatus.Continue:
                _incoming.Writer.TryWrite(packet.Payload); // empty: end of file
                return;
            case MessageStatus.Ok:
                // The answer to this side's finish.
                _answered.TrySetResult(null);
                _incoming.Writer.TryComplete();
                return;
            default:
                // The daemon ended the stream (the console was taken over, the guest's side failed, …).
                var error = packet.Error is { } remote ? RemoteErrors.ToException(remote) : new StrataException(ErrorCode.InternalError, "internal error: the stream failed");
                End(error);
                return;
        }
    }

    public void End(Exception? error)
    {
        _answered.TrySetResult(error);
        _incoming.Writer.TryComplete(error);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_unread.IsEmpty)
        {
            if (_atEnd)
                return 0;
            try
            {
                _unread = await _incoming.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException closed)
            {
                _atEnd = true;
                if (closed.InnerException is { } error)
                    throw error is StrataException ? error : new IOException(error.Message, error);
                return 0;
            }
            _atEnd = _unread.IsEmpty;
        }
        int n = Math.Min(buffer.Length, _unread.Length);
        _unread[..n].CopyTo(buffer);
        _unread = _unread[n..];
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Once the daemon has ended the stream, what is still typed has nowhere to go.
        for (int offset = 0; offset < buffer.Length && !_answered.Task.IsCompleted; offset += PacketDataMax)
        {
            var chunk = buffer.Slice(offset, Math.Min(PacketDataMax, buffer.Length - offset));
            await _client.SendAsync(_packet, new StreamData(chunk), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            if (!_answered.Task.IsCompleted)
            {
                await _client.SendAsync(_packet with { Status = MessageStatus.Ok }, new StreamData(ReadOnlyMemory<byte>.Empty), CancellationToken.None).ConfigureAwait(false);
                await _answered.Task.WaitAsync(FinishTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is StrataException or TimeoutException)
        {
            // The daemon is gone or silent: the stream is over on this side all the same.
        }
        finally
        {
            _client.CloseStream(_packet.Serial);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
