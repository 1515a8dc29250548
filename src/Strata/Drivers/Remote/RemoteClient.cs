using System.Collections.Concurrent;
using System.Net.Sockets;
using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// The client end of libvirt's remote protocol on a unix socket: calls carry serials and their replies are matched
/// by serial (many calls may be in flight); event messages go to <see cref="EventReceived"/>; keepalive pings from
/// the server are answered, and with <see cref="SetKeepaliveAsync"/> a silent server is pinged and, if it stays
/// silent, given up. Once the connection is lost, for whatever reason, every call in flight and every later one fails
/// with why. Works against stratad and against a real libvirtd.
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
    private readonly ReadLoopWaits _waits = new();
    private Keepalive? _keepalive;
    private ConnectionException? _lost;
    private int _serial;

    private RemoteClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new FrameReader(_stream);
        _writer = new FrameWriter(_stream, _closing.Token);
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
        catch (Exception error)
        {
            socket.Dispose();
            if (Unreachable(socketPath, error) is { } refusal)
                throw refusal;
            throw;
        }
        return new RemoteClient(socket);
    }

    /// <summary>libvirt's words for a socket that cannot be reached (strerror of the connect, where .NET would name another errno).</summary>
    private static ConnectionException? Unreachable(string socketPath, Exception error) => error switch
    {
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => NotConnected(socketPath, "No such file or directory"),
        SocketException { SocketErrorCode: SocketError.AccessDenied } => NotConnected(socketPath, "Permission denied"),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => NotConnected(socketPath, "Connection refused"),
        SocketException other => NotConnected(socketPath, other.Message),
        ArgumentOutOfRangeException => new ConnectionException($"Path {socketPath} too long for unix socket: Cannot allocate memory"),
        _ => null,
    };

    private static ConnectionException NotConnected(string socketPath, string why) =>
        new($"Failed to connect socket to '{socketPath}': {why}");

    /// <summary>
    /// Pings the server whenever it has been silent for a while (the server must support the keepalive program) and
    /// gives the connection up when it stays silent, as virsh does; null stops pinging.
    /// </summary>
    public async ValueTask SetKeepaliveAsync(KeepaliveSettings? settings)
    {
        var next = settings is null ? null : new Keepalive(settings,
            token => _writer.WriteAsync(KeepaliveProgram.Ping(), token),
            () => Lose(new ConnectionException($"the connection to the daemon was closed: it did not answer keepalive for {settings.Timeout.TotalSeconds:0.#} s")),
            listening: () => _waits.Reading);
        if (Interlocked.Exchange(ref _keepalive, next) is { } previous)
            await previous.DisposeAsync().ConfigureAwait(false);
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
        ThrowIfLost();
        try
        {
            await _writer.WriteAsync(header, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
        {
            throw new ConnectionException(_lost?.Message ?? $"the connection to the daemon was closed: {failure.Message}");
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
            // Checked once the reply is awaited: a connection lost after this fails the waiter.
            ThrowIfLost();
            var writer = new XdrWriter();
            writer.BeginMessage(RemoteProgram.Call(procedure, serial));
            writeArguments(writer);
            try
            {
                await _writer.WriteAsync(writer.FinishMessage(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
            {
                throw new ConnectionException(_lost?.Message ?? $"the connection to the daemon was closed: {failure.Message}");
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

    private void ThrowIfLost()
    {
        if (Volatile.Read(ref _lost) is { } lost)
            throw new ConnectionException(lost.Message); // one instance per caller: a thrown exception records its stack
    }

    /// <summary>
    /// Gives the connection up (the first reason given is the one every caller sees): shutting the socket down ends
    /// the read loop, which fails what is in flight.
    /// </summary>
    private void Lose(ConnectionException reason)
    {
        Interlocked.CompareExchange(ref _lost, reason, null);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Already down.
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _reader.ReadAsync(_closing.Token).ConfigureAwait(false) is { } message)
            {
                Volatile.Read(ref _keepalive)?.Heard();
                var header = message.Header;
                if (KeepaliveProgram.Owns(header))
                {
                    if (KeepaliveProgram.IsPing(header))
                        await _waits.WaitAsync(_writer.WriteAsync(KeepaliveProgram.Pong(), _closing.Token)).ConfigureAwait(false);
                }
                else if (header.Type == MessageType.Message)
                {
                    Deliver(message);
                }
                else if (header.Type is MessageType.Stream or MessageType.StreamHole)
                {
                    if (_streams.TryGetValue(header.Serial, out var stream))
                        await _waits.WaitAsync(stream.DeliverAsync(message, _closing.Token)).ConfigureAwait(false);
                }
                else if (_pending.TryGetValue(header.Serial, out var waiter))
                {
                    waiter.TrySetResult(message);
                }
            }
        }
#pragma warning disable CA1031 // whatever ends the loop, the calls waiting on it must hear of it
        catch (Exception error)
#pragma warning restore CA1031
        {
            failure = error;
        }
        Lose(new ConnectionException($"the connection to the daemon was closed{(failure is null or OperationCanceledException ? "" : $": {failure.Message}")}"));
        var lost = _lost!;
        foreach (var waiter in _pending.Values)
            waiter.TrySetException(new ConnectionException(lost.Message));
        foreach (var stream in _streams.Values)
            stream.End(new ConnectionException(lost.Message));
    }

    /// <summary>
    /// Hands an event to the subscribers. One that cannot be decoded, or whose subscriber throws, is dropped:
    /// the connection and the calls on it go on (libvirt's client drops an event it cannot decode, too).
    /// </summary>
    private void Deliver(Message message)
    {
        try
        {
            EventReceived?.Invoke(message);
        }
#pragma warning disable CA1031 // a subscriber's failure is not the connection's
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The connection first: a write it blocks (a PING too) ends with it.
        await _closing.CancelAsync().ConfigureAwait(false);
        Lose(new ConnectionException("the connection to the daemon was closed"));
        await SetKeepaliveAsync(null).ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        _writer.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _closing.Dispose();
    }
}
