using System.Collections.Concurrent;
using System.Net.Sockets;
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
    private readonly ConcurrentDictionary<uint, IStreamPackets> _streams = new();
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
    /// Makes a call that opens a stream (a console, a volume transfer) and returns the stream <paramref name="open"/>
    /// makes for its serial. It is listening before the call goes out, since the daemon may send the first packets
    /// right behind the reply.
    /// </summary>
    public async Task<TStream> OpenStreamAsync<TArgs, TStream>(RemoteCall<TArgs, XdrVoid> call, TArgs arguments,
        Func<RemoteClient, MessageHeader, TStream> open, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs>
        where TStream : IStreamPackets
    {
        ArgumentNullException.ThrowIfNull(open);
        uint serial = NextSerial();
        var stream = open(this, RemoteProgram.Call(call.Procedure, serial) with { Type = MessageType.Stream, Status = MessageStatus.Continue });
        _streams[serial] = stream;
        try
        {
            await CallAsync(call.Procedure, serial, arguments.Encode, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            CloseStream(serial);
            throw;
        }
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
        if (_streams.TryRemove(serial, out var stream))
            stream.End(null);
    }

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
                    if (_streams.TryGetValue(header.Serial, out var stream))
                        await stream.DeliverAsync(message, _closing.Token).ConfigureAwait(false);
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
            stream.End(closed);
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
