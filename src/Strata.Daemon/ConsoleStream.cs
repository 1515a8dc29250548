using System.Net.Sockets;
using System.Threading.Channels;
using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// A domain's console carried to one client as a libvirt stream: what the guest writes goes out as stream packets
/// under the open call's serial, and the client's packets go to the guest. The stream stays known to the client
/// until the client finishes (empty OK) or aborts (ERROR) it, and each of those gets its answer, even after the
/// guest's side ended or another client took the console over. Input waits in a queue of its own for the guest to
/// read it, so a guest that stops reading holds up neither the client's other calls nor its keepalive.
/// </summary>
internal sealed class ConsoleStream : IClientStream
{
    private const int ChunkSize = 4096;

    // Packets of input the guest has not read yet: far more than anyone types, a paste included.
    private const int InputBacklog = 1024;

    private readonly ClientSession _client;
    private readonly OpenConsoles _consoles;
    private readonly MessageHeader _packet;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DomainConsole _console;
    private readonly Stream _guest;
    private readonly Channel<byte[]> _input = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(InputBacklog) { SingleReader = true });
    private Task _pump = Task.CompletedTask;
    private Task _feed = Task.CompletedTask;
    private int _ended;   // no more guest I/O: its side ended, or the stream closed
    private int _closed;  // the guest's side is released

    /// <summary>A stream over <paramref name="console"/>, as the driver opened it; it reads nothing before <see cref="Start"/>.</summary>
    public ConsoleStream(ClientSession client, OpenConsoles consoles, MessageHeader call, ConsoleKey key, DomainConsole console)
    {
        _client = client;
        _consoles = consoles;
        _packet = call with { Type = MessageType.Stream, Status = MessageStatus.Continue };
        Key = key;
        _console = console;
        _guest = console.Stream;
    }

    public ConsoleKey Key { get; }

    /// <summary>The serial of the open call, which every packet of the stream carries.</summary>
    public uint Serial => _packet.Serial;

    /// <summary>True once the guest's side is ending: the stream no longer holds the console, though it may still be closing.</summary>
    public bool IsEnding => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Takes the console device (over from its holder when forced); refused, the guest's side is closed again.
    /// </summary>
    public async Task ClaimAsync(bool force, CancellationToken cancellationToken)
    {
        ConsoleStream? displaced;
        try
        {
            displaced = _consoles.Claim(this, force);
        }
        catch (StrataException)
        {
            await _console.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (displaced is null)
            return;
        try
        {
            // A holder already closing is waited for, so that its last read of the guest's side is over before this
            // one starts: two readers on one pty would each get part of the guest's output.
            if (displaced.IsEnding)
                await displaced._released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            else
                await displaced.EndAsync(new ConsoleTakenOverException(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await CloseAsync().ConfigureAwait(false); // the client went away meanwhile: free what this one claimed
            throw;
        }
    }

    /// <summary>Starts sending the guest's output: only once the open call's reply is out, which must come first.</summary>
    public void Start()
    {
        _pump = PumpAsync(_stop.Token);
        _feed = FeedAsync(_stop.Token);
        _ = EndIfTakenOverAsync();
    }

    // Another process (a strata CLI without the daemon) may take the console over too: the driver says when.
    private async Task EndIfTakenOverAsync()
    {
        if (await Task.WhenAny(_console.TakenOver, _released.Task).ConfigureAwait(false) == _console.TakenOver)
            await EndAsync(new ConsoleTakenOverException(), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>A packet from the client: data for the guest, or the end of the stream.</summary>
    public async Task ReceiveAsync(Message packet, CancellationToken cancellationToken)
    {
        switch (packet.Header.Status)
        {
            case MessageStatus.Continue when packet.Header.Type == MessageType.Stream:
                if (Volatile.Read(ref _ended) != 0)
                    return; // the guest's side ended: the client learns it from the end packet already sent
                if (!_input.Writer.TryWrite(packet.Payload.ToArray()))
                    await EndAsync(new StrataException(ErrorCode.OperationFailed, "operation failed: the guest does not read its console input"), cancellationToken).ConfigureAwait(false);
                return;
            case MessageStatus.Continue:
                return; // a hole: a console has none
            case MessageStatus.Ok:
                // virStreamFinish: answered with an empty OK packet, as libvirtd does.
                _client.Streams.TryRemove(Serial, out _);
                await CloseAsync().ConfigureAwait(false);
                await _client.Writer.WriteAsync(_packet with { Status = MessageStatus.Ok }, cancellationToken).ConfigureAwait(false);
                return;
            default:
                // virStreamAbort: answered with an error packet, as libvirtd does (the client expects an answer).
                _client.Streams.TryRemove(Serial, out _);
                await CloseAsync().ConfigureAwait(false);
                var aborted = new StrataException(ErrorCode.InternalError, "stream aborted at client request");
                await _client.Writer.WriteAsync(_packet with { Status = MessageStatus.Error }, RemoteError.FromException(aborted), cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// Closes the guest's side and then frees the domain's console (only then: the next holder must not meet this
    /// one's last read); the client's stream stays until it ends it.
    /// </summary>
    public Task CloseAsync() => TryCloseAsync();

    /// <summary>Closes as <see cref="CloseAsync"/> does; false when another call closed it already.</summary>
    private async Task<bool> TryCloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return false;
        Volatile.Write(ref _ended, 1);
        try
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _input.Writer.TryComplete();
            try
            {
                await Task.WhenAll(_pump, _feed).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // however the guest's I/O ended, the device is let go of below: a leaked one stays busy for good
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            await _console.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
        finally
        {
            _consoles.Release(this);
            _released.TrySetResult();
        }
        return true;
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        var buffer = new byte[ChunkSize];
        while (true)
        {
            int n;
            try
            {
                n = await _guest.ReadAsync(buffer, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
            {
                n = 0;
            }
            try
            {
                if (n == 0)
                {
                    // The guest's side ended (QEMU stopped): an empty CONTINUE packet is end of file, as libvirtd sends
                    // it (an empty OK only confirms the client's finish); the client then finishes the stream.
                    Volatile.Write(ref _ended, 1);
                    _consoles.Release(this);
                    _console.Hold?.Dispose(); // other processes may open it now; the stream itself goes when the client finishes
                    _released.TrySetResult(); // this pump was the only reader, and it reads no more
                    await _client.Writer.WriteAsync(_packet, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                await _client.Writer.WriteAsync(_packet, new StreamData(buffer.AsMemory(0, n)), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
            {
                return; // the client went away; its session closes this stream
            }
        }
    }

    /// <summary>Hands the client's input to the guest, in order, for as long as the stream lasts.</summary>
    private async Task FeedAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var data in _input.Reader.ReadAllAsync(stop).ConfigureAwait(false))
                await _guest.WriteAsync(data, stop).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
        {
            // The stream is closing.
        }
        catch (Exception error) when (error is IOException or SocketException)
        {
            // Not awaited: closing waits for this feed to end.
            _ = EndAsync(new StrataException(ErrorCode.OperationFailed, $"operation failed: cannot write to the console: {error.Message}"), CancellationToken.None);
        }
    }

    /// <summary>Ends the stream from this side with <paramref name="error"/>: the client then aborts it.</summary>
    private async Task EndAsync(StrataException error, CancellationToken cancellationToken)
    {
        if (!await TryCloseAsync().ConfigureAwait(false))
            return; // closed meanwhile (the client finished or aborted, or another end came first): it has its answer
        try
        {
            await _client.Writer.WriteAsync(_packet with { Status = MessageStatus.Error }, RemoteError.FromException(error), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception sendFailure) when (sendFailure is IOException or SocketException or ObjectDisposedException)
        {
            // That client is gone already.
        }
    }
}
