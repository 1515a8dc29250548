using System.Net.Sockets;
using System.Threading.Channels;
using Strata.Pools;
using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// A volume's bytes carried as a libvirt stream (<c>vol-download</c>, <c>vol-upload</c>), onto the driver's own
/// copy: a download sends the bytes as CONTINUE packets and then an empty CONTINUE (end of file); an upload feeds
/// the client's packets to the copy and answers the client's finish once they are all written. A failure on this
/// side is an error packet; the client then aborts, and an abort is answered with an error packet, as libvirtd does.
/// </summary>
internal sealed class VolumeStream : IClientStream
{
    // What libvirtd puts in one stream packet at most (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).
    private const int PacketMax = 256 * 1024;

    // Packets received but not yet written: the client's connection waits beyond this (its loop is ours).
    private const int UploadBacklog = 16;

    private readonly ClientSession _client;
    private readonly MessageHeader _packet;
    private readonly Func<Stream, CancellationToken, Task> _copy;
    private readonly bool _upload;
    private readonly Channel<ReadOnlyMemory<byte>> _received = Channel.CreateBounded<ReadOnlyMemory<byte>>(UploadBacklog);
    private readonly CancellationTokenSource _stop = new();
    private Task _work = Task.CompletedTask;
    private int _closed;

    private VolumeStream(ClientSession client, MessageHeader call, bool upload, Func<Stream, CancellationToken, Task> copy)
    {
        _client = client;
        _packet = call with { Type = MessageType.Stream, Status = MessageStatus.Continue };
        _upload = upload;
        _copy = copy;
    }

    public uint Serial => _packet.Serial;

    /// <summary>A download of <paramref name="volume"/> from <paramref name="offset"/>, <paramref name="length"/> bytes (null: to the end).</summary>
    public static VolumeStream Download(ClientSession client, MessageHeader call, IStorageDriver storage, VolumeRef volume, ulong offset, ulong? length) =>
        new(client, call, upload: false, (sink, ct) => storage.DownloadVolumeAsync(volume, sink, offset, length, ct));

    /// <summary>An upload into <paramref name="volume"/> at <paramref name="offset"/>, at most <paramref name="length"/> bytes (null: all that comes).</summary>
    public static VolumeStream Upload(ClientSession client, MessageHeader call, IStorageDriver storage, VolumeRef volume, ulong offset, ulong? length) =>
        new(client, call, upload: true, (source, ct) => storage.UploadVolumeAsync(volume, source, offset, length, ct));

    /// <summary>Starts the copy: only once the open call's reply is out, which must come first.</summary>
    public void Start() => _work = _upload ? UploadAsync(_stop.Token) : DownloadAsync(_stop.Token);

    public async Task ReceiveAsync(Message packet, CancellationToken cancellationToken)
    {
        switch (packet.Header.Status)
        {
            case MessageStatus.Continue when packet.Header.Type == MessageType.Stream:
                if (!_upload || packet.Payload.Length == 0)
                    return;
                try
                {
                    await _received.Writer.WriteAsync(packet.Payload.ToArray(), cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    // The copy is over (all it wanted was written, or it failed and said so): the rest is dropped.
                }
                return;
            case MessageStatus.Continue:
                return; // a hole: only sparse transfers, which are refused at the open, have them
            case MessageStatus.Ok:
                // virStreamFinish: answered once every byte is where it belongs.
                _client.Streams.TryRemove(Serial, out _);
                _received.Writer.TryComplete();
                await _work.ConfigureAwait(false);
                if (Interlocked.Exchange(ref _closed, 1) == 0)
                    await SendAsync(_packet with { Status = MessageStatus.Ok }, cancellationToken).ConfigureAwait(false);
                return;
            default:
                // virStreamAbort, after an error of ours or of the client's own.
                _client.Streams.TryRemove(Serial, out _);
                await CloseAsync().ConfigureAwait(false);
                await SendErrorAsync(new StrataException(ErrorCode.InternalError, "stream aborted at client request"), cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _received.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _work.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task DownloadAsync(CancellationToken stop)
    {
        if (await CopyAsync(new PacketSink(this), stop).ConfigureAwait(false))
            await SendAsync(_packet, CancellationToken.None).ConfigureAwait(false); // end of file
    }

    private async Task UploadAsync(CancellationToken stop)
    {
        try
        {
            await CopyAsync(new ChannelSource(_received.Reader), stop).ConfigureAwait(false);
        }
        finally
        {
            _received.Writer.TryComplete(); // however the copy ended, the client's packets are not waited for
        }
    }

    /// <summary>Runs the driver's copy; a failure goes to the client as the stream's error. True when it succeeded.</summary>
    private async Task<bool> CopyAsync(Stream stream, CancellationToken stop)
    {
        try
        {
            await _copy(stream, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
#pragma warning disable CA1031 // whatever failed, the client must hear that its stream did
        catch (Exception error)
#pragma warning restore CA1031
        {
            _received.Writer.TryComplete();
            var reason = error switch
            {
                StrataException strata => strata,
                IOException or UnauthorizedAccessException => new StrataException(ErrorCode.OperationFailed, $"operation failed: {error.Message}"),
                _ => new StrataException(ErrorCode.InternalError, $"internal error: {error.Message}"),
            };
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                await SendErrorAsync(reason, CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private Task SendErrorAsync(StrataException error, CancellationToken cancellationToken) =>
        SendAsync(_packet with { Status = MessageStatus.Error }, RemoteError.FromException(error), cancellationToken);

    private async Task SendAsync(MessageHeader header, CancellationToken cancellationToken)
    {
        try
        {
            await _client.Writer.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away; its session closes this stream.
        }
    }

    private async Task SendAsync<T>(MessageHeader header, T body, CancellationToken cancellationToken) where T : IXdrType<T>
    {
        try
        {
            await _client.Writer.WriteAsync(header, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away; its session closes this stream.
        }
    }

    /// <summary>What the driver's download writes into: CONTINUE packets of at most <see cref="PacketMax"/> bytes.</summary>
    private sealed class PacketSink(VolumeStream owner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Never cancelled halfway: a frame cut short would break the connection; the copy stops between writes.
            for (int at = 0; at < buffer.Length; at += PacketMax)
                await owner._client.Writer.WriteAsync(owner._packet, new StreamData(buffer.Slice(at, Math.Min(PacketMax, buffer.Length - at))), CancellationToken.None).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the volume stream is written asynchronously");
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>What the driver's upload reads from: the client's packets in order; the client's finish is its end.</summary>
    private sealed class ChannelSource(ChannelReader<ReadOnlyMemory<byte>> packets) : Stream
    {
        private ReadOnlyMemory<byte> _current;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_current.IsEmpty)
            {
                if (!await packets.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    return 0;
                packets.TryRead(out _current);
            }
            int n = Math.Min(buffer.Length, _current.Length);
            _current[..n].CopyTo(buffer);
            _current = _current[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the volume stream is read asynchronously");
        public override void Flush() { }
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
