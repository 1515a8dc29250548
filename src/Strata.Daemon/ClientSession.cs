using System.Collections.Concurrent;
using System.Net.Sockets;
using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// One client connection: reads whole frames, answers keepalive pings, and runs each remote call on its own task
/// (calls on different domains proceed in parallel; the driver's per-domain lock serialises calls on one domain).
/// A frame that breaks the protocol closes this connection only.
/// </summary>
internal sealed class ClientSession : IAsyncDisposable
{
    private const int MaxCallsInFlight = 5;

    // Events written or waiting to be: a client that reads keeps this near zero.
    private const int MaxEventsPending = 1000;

    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly ProcedureTable _procedures;
    private readonly KeepaliveSettings? _keepaliveSettings;
    private readonly CancellationTokenSource _closing;
    private readonly SemaphoreSlim _callSlots = new(MaxCallsInFlight);
    private readonly ReadLoopWaits _waits = new();
    private Keepalive? _keepalive;
    private int _eventsPending;

    private ClientSession(Socket socket, bool readOnly, ProcedureTable procedures, KeepaliveSettings? keepalive, CancellationToken stopping)
    {
        _stream = ClientSocketStream.Open(socket);
        _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _reader = new FrameReader(_stream);
        Writer = new FrameWriter(_stream, _closing.Token);
        ReadOnly = readOnly;
        _procedures = procedures;
        _keepaliveSettings = keepalive;
    }

    /// <summary>Replies and events share one writer, so frames never interleave.</summary>
    public FrameWriter Writer { get; }

    /// <summary>A client of the read-only socket: every mutating call is refused.</summary>
    public bool ReadOnly { get; }

    /// <summary>The driver the client opened (CONNECT_OPEN), or null before that; shared with other clients.</summary>
    public IDriver? Driver { get; set; }

    /// <summary>The URI the client opened, as the daemon names it.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Lifecycle event callbacks the client registered, by callback id.</summary>
    public EventSubscriptions Events { get; } = new();

    /// <summary>The client's open streams (consoles, volume transfers), by the serial of the call that opened each.</summary>
    public ConcurrentDictionary<uint, IClientStream> Streams { get; } = new();

    /// <summary>Serves one client until it leaves, falls silent under keepalive, or the daemon stops.</summary>
    public static async Task ServeAsync(Socket socket, bool readOnly, ProcedureTable procedures, KeepaliveSettings? keepalive, CancellationToken cancellationToken)
    {
        await using var session = new ClientSession(socket, readOnly, procedures, keepalive, cancellationToken);
        await session.RunAsync(session._closing.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// The client said it speaks keepalive (connect_supports_feature PROGRAM_KEEPALIVE): as libvirtd, ping it when
    /// it has been silent, and close its connection when it stays silent (a hung or vanished client holds nothing).
    /// </summary>
    public void StartKeepalive()
    {
        if (_keepaliveSettings is not { } settings || Volatile.Read(ref _keepalive) is not null)
            return;
        var keepalive = new Keepalive(settings, token => Writer.WriteAsync(KeepaliveProgram.Ping(), token), () =>
        {
            Log.Warn($"closing a client connection: no answer to keepalive for {settings.Timeout.TotalSeconds:0.#} s");
            Disconnect();
        }, listening: () => _waits.Reading);
        if (Interlocked.CompareExchange(ref _keepalive, keepalive, null) is not null)
            _ = keepalive.DisposeAsync().AsTask(); // another call started it first
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        try
        {
            while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                Volatile.Read(ref _keepalive)?.Heard();
                if (KeepaliveProgram.Owns(message.Header))
                {
                    if (KeepaliveProgram.IsPing(message.Header))
                        await _waits.WaitAsync(Writer.WriteAsync(KeepaliveProgram.Pong(), cancellationToken)).ConfigureAwait(false);
                    continue;
                }
                if (message.Header.Type is MessageType.Stream or MessageType.StreamHole)
                {
                    // In order, on this loop: the bytes sent reach the guest or the volume in the order they were sent.
                    if (Streams.TryGetValue(message.Header.Serial, out var stream))
                        await _waits.WaitAsync(new ValueTask(stream.ReceiveAsync(message, cancellationToken))).ConfigureAwait(false);
                    continue;
                }
                // As libvirtd (max_client_requests = 5): with that many of its calls running, a client's next frame
                // is not read until one is answered, so a client that never reads its replies cannot pile calls up.
                await _waits.WaitAsync(new ValueTask(_callSlots.WaitAsync(cancellationToken))).ConfigureAwait(false);
                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(HandleAsync(message, cancellationToken));
            }
        }
        catch (ProtocolException error)
        {
            Log.Warn($"closing a client connection: {error.Message}");
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
        {
            // The client went away, or the daemon is stopping.
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task HandleAsync(Message call, CancellationToken cancellationToken)
    {
        try
        {
            await _procedures.HandleAsync(this, call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _callSlots.Release();
        }
    }

    /// <summary>
    /// Counts an event on its way to the client; false, and the connection is closed, when the client has left too
    /// many unread (it reads nothing, so they would only pile up in the daemon).
    /// </summary>
    public bool TakeEvent()
    {
        if (Interlocked.Increment(ref _eventsPending) <= MaxEventsPending)
            return true;
        Interlocked.Decrement(ref _eventsPending);
        if (!_closing.IsCancellationRequested)
        {
            Log.Warn($"closing a client connection: it left {MaxEventsPending} events unread");
            Disconnect();
        }
        return false;
    }

    /// <summary>Closes the connection: what is written to it, or waits to be, stops, and the session ends.</summary>
    public void Disconnect()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }
    }

    /// <summary>An event counted by <see cref="TakeEvent"/> was sent (or failed).</summary>
    public void EventSent() => Interlocked.Decrement(ref _eventsPending);

    /// <summary>Closes every stream the client has open (its connection closes, or it closed its driver).</summary>
    public async Task CloseStreamsAsync()
    {
        foreach (var serial in Streams.Keys)
        {
            if (!Streams.TryRemove(serial, out var stream))
                continue;
            try
            {
                await stream.CloseAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // one stream failing to close must not keep the others (or the session) open
            catch (Exception error)
#pragma warning restore CA1031
            {
                Log.Warn($"closing a client's stream: {error.Message}");
            }
        }
    }

    /// <summary>Cancelled when the connection is closing: what is written to it, or waits to be, stops.</summary>
    public CancellationToken Closing => _closing.Token;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false); // ends every write and wait for the writer still pending
        if (_keepalive is { } keepalive)
            await keepalive.DisposeAsync().ConfigureAwait(false);
        await CloseStreamsAsync().ConfigureAwait(false);
        Events.Dispose();
        Writer.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _callSlots.Dispose();
    }
}
