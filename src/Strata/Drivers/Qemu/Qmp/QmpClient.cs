using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

/// <summary>
/// A client of QEMU's machine protocol (QMP). One background loop reads the monitor; replies are matched to
/// requests by <c>id</c>, so any number of callers may run commands concurrently. Events go to
/// <see cref="EventReceived"/>, to <see cref="WaitForEventAsync(string, CancellationToken)"/> and to
/// <see cref="ReadEventsAsync"/>. When QEMU goes away every pending request fails with a
/// <see cref="HypervisorException"/> and <see cref="Closed"/> completes.
/// </summary>
public sealed partial class QmpClient : IAsyncDisposable
{
    /// <summary>Prefix of the ids this client puts on requests; replies to other ids are ignored.</summary>
    private const string IdPrefix = "strata-";

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly QmpMessageReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _stateLock = new();
    private readonly Dictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<QmpGreeting> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private long _nextId;
    private string? _closeReason;
    private int _disposed;

    private QmpClient(Stream input, Stream output)
    {
        _input = input;
        _output = output;
        _reader = new QmpMessageReader(input);
    }

    /// <summary>The QEMU version from the greeting.</summary>
    public QemuVersion Version { get; private set; } = new(0, 0, 0);

    /// <summary>The optional capabilities the greeting offered ("oob").</summary>
    public IReadOnlyList<string> ServerCapabilities { get; private set; } = [];

    /// <summary>Completes when the monitor connection ends (QEMU exited, the socket closed, or this client was disposed).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection ended, once <see cref="Closed"/> has completed.</summary>
    public string? CloseReason { get { lock (_stateLock) return _closeReason; } }

    /// <summary>
    /// Connects to a QMP unix socket (<c>-qmp unix:PATH,server=on,wait=off</c>), reads the greeting and leaves
    /// capabilities negotiation mode. Cancel <paramref name="cancellationToken"/> to bound the whole handshake.
    /// </summary>
    public static Task<QmpClient> ConnectAsync(string unixSocketPath, CancellationToken cancellationToken) =>
        ConnectAsync(unixSocketPath, TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// As <see cref="ConnectAsync(string, CancellationToken)"/>, but while the socket is missing or refuses
    /// connections, retries for up to <paramref name="retryFor"/> (QEMU creates it shortly after starting).
    /// </summary>
    public static async Task<QmpClient> ConnectAsync(string unixSocketPath, TimeSpan retryFor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(unixSocketPath);
        var retryUntil = DateTime.UtcNow + retryFor;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(unixSocketPath), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException error) when (IsNotListening(error))
            {
                socket.Dispose();
                if (DateTime.UtcNow + delay > retryUntil)
                    throw new HypervisorException($"cannot connect to the QEMU monitor at {unixSocketPath}: {error.Message}", error);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
                continue;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var stream = new NetworkStream(socket, ownsSocket: true);
            return await AttachAsync(stream, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Speaks QMP over a bidirectional stream; the client owns it from now on.</summary>
    public static Task<QmpClient> AttachAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return AttachAsync(stream, stream, cancellationToken);
    }

    /// <summary>
    /// Speaks QMP reading from <paramref name="input"/> and writing to <paramref name="output"/>, e.g. QEMU's
    /// stdout and stdin under <c>-qmp stdio</c>. The client owns both streams from now on.
    /// </summary>
    public static async Task<QmpClient> AttachAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var client = new QmpClient(input, output);
        client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
        try
        {
            var greeting = await client._greeting.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            client.Version = greeting.Version;
            client.ServerCapabilities = greeting.Capabilities;
            await client.ExecuteAsync("qmp_capabilities", null, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs one command and returns its <c>return</c> value. <paramref name="writeArguments"/>, when given, writes
    /// the members of the <c>arguments</c> object (the object itself is opened and closed for it).
    /// </summary>
    /// <exception cref="QmpErrorException">QEMU answered with an error.</exception>
    /// <exception cref="HypervisorException">QEMU went away before answering.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first; a late reply is dropped.</exception>
    public async Task<JsonElement> ExecuteAsync(string command, Action<Utf8JsonWriter>? writeArguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        cancellationToken.ThrowIfCancellationRequested();
        string id = IdPrefix + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var request = FormatRequest(command, id, writeArguments);
        var pending = new PendingRequest(command);
        lock (_stateLock)
        {
            if (_closeReason is not null) throw WentAway(command, _closeReason);
            _pending.Add(id, pending);
        }
        try
        {
            await WriteAsync(request, command, cancellationToken).ConfigureAwait(false);
            return await pending.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_stateLock) _pending.Remove(id);
        }
    }

    /// <summary>Closes the connection (QEMU keeps running) and fails whatever is still pending.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _input.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(_input, _output))
        {
            try { await _output.DisposeAsync().ConfigureAwait(false); }
            catch (IOException) { } // flushing into a pipe whose reader exited
        }
        try { await _readLoop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        Close("the QMP connection was closed");
        // _shutdown and _writeLock are left undisposed on purpose: a call racing with disposal then fails with
        // "QEMU went away", not ObjectDisposedException; neither holds an OS handle.
    }

    private static ArrayBufferWriter<byte> FormatRequest(string command, string id, Action<Utf8JsonWriter>? writeArguments)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (writeArguments is not null)
            {
                writer.WriteStartObject("arguments");
                writeArguments(writer);
                writer.WriteEndObject();
            }
            writer.WriteString("id", id);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer;
    }

    private async Task WriteAsync(ArrayBufferWriter<byte> request, string command, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once started, a write is not cancelled: half a request would corrupt the stream for everyone.
            await _output.WriteAsync(request.WrittenMemory, _shutdown.Token).ConfigureAwait(false);
            await _output.FlushAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException
            || _shutdown.IsCancellationRequested) // after disposal began, whatever the stream throws means "closed"
        {
            string reason = CloseReason ?? $"writing to the monitor failed: {error.Message}";
            throw WentAway(command, reason, error);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static HypervisorException WentAway(string command, string reason, Exception? inner = null) =>
        new($"QEMU went away while running '{command}' ({reason})", inner);

    // .NET reports a missing socket file (ENOENT) as AddressNotAvailable, and a stale one as ConnectionRefused.
    private static bool IsNotListening(SocketException error) =>
        error.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused;

    private sealed class PendingRequest(string command)
    {
        public string Command { get; } = command;
        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record QmpGreeting(QemuVersion Version, IReadOnlyList<string> Capabilities);
}
