using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The client end of libvirt's remote protocol on a unix socket: calls carry serials and their replies are matched
/// by serial (many calls may be in flight); event messages go to <see cref="EventReceived"/>; keepalive pings from
/// the server are answered. Works against stratad and against a real libvirtd.
/// </summary>
internal sealed class RemoteClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Message>> _pending = new();
    private readonly ConcurrentDictionary<uint, Channel<Message>> _streams = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private int _serial;

    private RemoteClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new FrameReader(_stream);
        _writer = new FrameWriter(_stream);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Event messages (MESSAGE type) of the remote program, as they arrive.</summary>
    public event Action<Message>? EventReceived;

    public static async Task<RemoteClient> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new ConnectionException($"Failed to connect socket to '{socketPath}': {error.Message}");
        }
        return new RemoteClient(socket);
    }

    /// <summary>Makes one call with its argument struct and returns the result struct; an error reply throws its error.</summary>
    public async Task<TRet> CallAsync<TArgs, TRet>(RemoteCall<TArgs, TRet> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs>
        where TRet : IXdrType<TRet> =>
        call.Result(await CallAsync(call.Procedure, NextSerial(), arguments.Encode, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Makes a call that opens a stream (its reply is empty) and returns the stream. Its packets are routed to it from
    /// before the call is sent, since the daemon may send the first right behind the reply.
    /// </summary>
    public async Task<RemoteStream> OpenStreamAsync<TArgs>(RemoteCall<TArgs, XdrVoid> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs>
    {
        uint serial = NextSerial();
        // Bounded: a daemon sending faster than the stream is consumed waits on its socket.
        _streams[serial] = Channel.CreateBounded<Message>(StreamBacklog);
        try
        {
            await CallAsync(call.Procedure, serial, arguments.Encode, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            CloseStream(serial);
            throw;
        }
        return new RemoteStream(this, call.Procedure, serial, _streams[serial].Reader);
    }

    /// <summary>Sends one packet that expects no reply of its own (a stream's data, finish or abort).</summary>
    public async Task SendAsync<T>(MessageHeader header, T body, CancellationToken cancellationToken) where T : IXdrType<T>
    {
        try
        {
            await _writer.WriteAsync(header, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
        {
            throw new ConnectionException($"the connection to the daemon was closed: {failure.Message}");
        }
    }

    /// <summary>An empty packet.</summary>
    public Task SendAsync(MessageHeader header, CancellationToken cancellationToken) => SendAsync(header, XdrVoid.Value, cancellationToken);

    /// <summary>Stops routing a stream's packets.</summary>
    public void CloseStream(uint serial)
    {
        if (_streams.TryRemove(serial, out var channel))
            channel.Writer.TryComplete();
    }

    // Stream packets received but not yet consumed.
    private const int StreamBacklog = 16;

    private uint NextSerial() => (uint)Interlocked.Increment(ref _serial);

    private async Task<Message> CallAsync(RemoteProcedure procedure, uint serial, Action<XdrWriter> writeArguments, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[serial] = reply;
        try
        {
            var writer = new XdrWriter();
            writer.BeginMessage(RemoteProgram.Call(procedure, serial));
            writeArguments(writer);
            try
            {
                await _writer.WriteAsync(writer.FinishMessage(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
            {
                throw new ConnectionException($"the connection to the daemon was closed: {failure.Message}");
            }
            var message = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (message.Error is { } error)
                throw RemoteErrors.ToException(error);
            return message;
        }
        finally
        {
            _pending.TryRemove(serial, out _);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadAsync(_closing.Token).ConfigureAwait(false) is { } message)
            {
                var header = message.Header;
                if (KeepaliveProgram.Owns(header))
                {
                    if (KeepaliveProgram.IsPing(header))
                        await _writer.WriteAsync(KeepaliveProgram.Pong(), _closing.Token).ConfigureAwait(false);
                }
                else if (header.Type == MessageType.Message)
                {
                    EventReceived?.Invoke(message);
                }
                else if (header.Type is MessageType.Stream or MessageType.StreamHole)
                {
                    try
                    {
                        if (_streams.TryGetValue(header.Serial, out var stream))
                            await stream.Writer.WriteAsync(message, _closing.Token).ConfigureAwait(false);
                    }
                    catch (ChannelClosedException)
                    {
                        // The stream was closed on this side: what the daemon still sends for it is dropped.
                    }
                }
                else if (_pending.TryGetValue(header.Serial, out var waiter))
                {
                    waiter.TrySetResult(message);
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            failure = error;
        }
        var closed = new ConnectionException($"the connection to the daemon was closed{(failure is null or OperationCanceledException ? "" : $": {failure.Message}")}");
        foreach (var waiter in _pending.Values)
            waiter.TrySetException(closed);
        foreach (var stream in _streams.Values)
            stream.Writer.TryComplete(closed);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Shutdown(SocketShutdown.Both);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
        _writer.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _closing.Dispose();
    }
}
