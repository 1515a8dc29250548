using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Strata.Daemon;

/// <summary>
/// A client's connection as a stream, woken by a <see cref="SocketPoller"/> instead of .NET's socket engine (see there
/// why). Reads and writes are tried at once and wait only when the socket is empty or full; a wait ends when the poller
/// reports the socket ready, and its continuation runs on the poller's thread, as .NET's inline socket completions do.
/// </summary>
internal sealed partial class ClientSocketStream : Stream
{
    private const int DontWait = 0x40, NoSignal = 0x4000, Interrupted = 4, TryAgain = 11;

    private readonly Socket _socket;
    private readonly SafeHandle _handle;
    private readonly int _fd;
    private readonly SocketPoller _poller;
    private readonly ulong _id;
    private readonly Readiness _input = new();
    private readonly Readiness _output = new();
    private readonly Lock _watch = new(); // changes of the socket's watch, and its end: never one after the other
    private int _disposed;

    private ClientSocketStream(Socket socket)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _fd = (int)_handle.DangerousGetHandle();
        _poller = SocketPoller.Next();
        _id = _poller.Register(this, _fd);
    }

    /// <summary>A stream over <paramref name="socket"/>, which it owns: this one where the pollers run, else .NET's.</summary>
    public static Stream Open(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!SocketPoller.Running)
            return new NetworkStream(socket, ownsSocket: true);
        try
        {
            return new ClientSocketStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal void InputReady() => _input.Signal();

    internal void OutputReady() => _output.Signal();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int seen = _input.Generation;
        int received = Receive(buffer.Span);
        return received >= 0 ? ValueTask.FromResult(received) : ReadWhenReadyAsync(buffer, seen, cancellationToken);
    }

    private async ValueTask<int> ReadWhenReadyAsync(Memory<byte> buffer, int seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            await _input.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
            seen = _input.Generation;
            int received = Receive(buffer.Span);
            if (received >= 0)
                return received;
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int seen = _output.Generation;
        int sent = Send(buffer.Span);
        return sent == buffer.Length ? ValueTask.CompletedTask : WriteWhenReadyAsync(buffer[sent..], seen, cancellationToken);
    }

    // The socket is full (the client reads slowly, or the message is larger than the socket's buffer): wait for room.
    private async ValueTask WriteWhenReadyAsync(ReadOnlyMemory<byte> rest, int seen, CancellationToken cancellationToken)
    {
        WatchOutput(true);
        try
        {
            while (!rest.IsEmpty)
            {
                await _output.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
                seen = _output.Generation;
                rest = rest[Send(rest.Span)..];
            }
        }
        finally
        {
            WatchOutput(false);
        }
    }

    // Under the lock: once the stream is disposed its descriptor may close, and the number be another connection's.
    private void WatchOutput(bool watch)
    {
        lock (_watch)
        {
            if (_disposed == 0)
                _poller.WatchOutput(_fd, _id, watch);
        }
    }

    // The bytes received, 0 at the end of the stream, or -1 when none are there yet.
    private int Receive(Span<byte> buffer)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            nint n = Recv(_handle, ref MemoryMarshal.GetReference(buffer), buffer.Length, DontWait);
            if (n >= 0)
                return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == TryAgain)
                return -1;
            if (errno != Interrupted)
                throw Failure(errno);
        }
    }

    // The bytes sent before the socket was full (all of them, usually).
    private int Send(ReadOnlySpan<byte> buffer)
    {
        int sent = 0;
        while (sent < buffer.Length)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            nint n = SendTo(_handle, in MemoryMarshal.GetReference(buffer[sent..]), buffer.Length - sent, DontWait | NoSignal);
            if (n >= 0)
            {
                sent += (int)n;
                continue;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == TryAgain)
                break;
            if (errno != Interrupted)
                throw Failure(errno);
        }
        return sent;
    }

    // A failed socket (reset, broken pipe) is an IOException, as NetworkStream reports one.
    private static IOException Failure(int errno) => new(Marshal.GetPInvokeErrorMessage(errno));

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // stratad's sessions only read and write asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Unregister())
        {
            _input.Signal(); // a wait still pending wakes, and finds the stream closed
            _output.Signal();
            _socket.Dispose(); // the descriptor closes once no receive or send is using it (SafeHandle)
        }
        base.Dispose(disposing);
    }

    private bool Unregister()
    {
        lock (_watch)
        {
            if (_disposed != 0)
                return false;
            Volatile.Write(ref _disposed, 1);
            _poller.Unregister(_fd, _id);
            return true;
        }
    }

    /// <summary>
    /// One direction's readiness: the poller counts its wake-ups, and a wait ends once the count has moved past the one
    /// seen before the socket was found empty (or full), so a wake-up between the try and the wait is never lost.
    /// </summary>
    private sealed class Readiness
    {
        private int _generation;
        private TaskCompletionSource? _waiter;

        public int Generation => Volatile.Read(ref _generation);

        public void Signal()
        {
            Interlocked.Increment(ref _generation);
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
        }

        public async Task WaitAsync(int seen, CancellationToken cancellationToken)
        {
            // Not RunContinuationsAsynchronously: the reader or writer goes on on the poller's thread.
            var waiter = new TaskCompletionSource();
            Interlocked.Exchange(ref _waiter, waiter); // a full fence: the poller sees the waiter, or this sees its count
            if (Generation != seen)
                return;
            // Cancelled on the thread pool: the reader's or writer's way out (to the end of the session) does not run on
            // whoever cancelled, which may hold a lock of its own (a driver raising an event) or be cancelling many.
            using var cancel = cancellationToken.UnsafeRegister(
                static state => ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.TrySetCanceled(), (TaskCompletionSource)state!, preferLocal: false),
                waiter);
            await waiter.Task.ConfigureAwait(false);
        }
    }

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(SafeHandle socket, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint SendTo(SafeHandle socket, in byte buffer, nint length, int flags);
}
