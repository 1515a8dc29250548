using System.Runtime.InteropServices;

namespace Strata.Drivers.Qemu;

/// <summary>
/// A guest's pty console whose pending read and write can be abandoned. A plain read on a pty cannot be cancelled: a
/// console closed while its read still waits would later steal the guest's next bytes from whoever attaches after it.
/// Here a read waits in poll(2) on the pty and on an eventfd that closing (or cancelling) signals. The pty is
/// non-blocking, so a write to a guest that stopped reading waits in poll(2) too, and gives up when cancelled.
/// </summary>
internal sealed partial class PtyStream : ConsoleStreamBase
{
    private const int ReadWrite = 2, NonBlocking = 0x800, NoControllingTerminal = 0x100, CloseOnExec = 0x80000;
    private const short PollIn = 0x1, PollOut = 0x4, PollError = 0x8, PollHangUp = 0x10;
    private const int Interrupted = 4, TryAgain = 11;

    // How often a write waiting for the guest looks whether it was cancelled (the eventfd is the reader's).
    private const int WriteCheckMs = 100;

    private readonly int _pty;
    private readonly int _wake;
    private Task _reading = Task.CompletedTask;
    private Task _writing = Task.CompletedTask;
    private int _disposed;

    private PtyStream(int pty, int wake)
    {
        _pty = pty;
        _wake = wake;
    }

    /// <summary>Opens the pty at <paramref name="path"/> (never as the daemon's controlling terminal).</summary>
    public static PtyStream Open(string path)
    {
        int pty = OpenFile(path, ReadWrite | NonBlocking | NoControllingTerminal | CloseOnExec, 0);
        if (pty < 0)
            throw new IOException($"cannot open the console {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        int wake = EventFd(0, CloseOnExec);
        if (wake < 0)
        {
            _ = Close(pty);
            throw new IOException($"cannot create an eventfd: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return new PtyStream(pty, wake);
    }

    /// <summary>Reads what the guest wrote; 0 once QEMU closed its side; cancelled (or closed) ends the wait.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Known to Dispose before it starts, so that the descriptor is never closed under it.
        var read = new Task<int>(() => WaitAndRead(buffer, cancellationToken));
        _reading = read;
        read.Start(TaskScheduler.Default);
        return new ValueTask<int>(read);
    }

    private int WaitAndRead(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var wakeOnCancel = cancellationToken.UnsafeRegister(static state => ((PtyStream)state!).Wake(), this);
        Span<PollFd> fds = [new PollFd(_pty, PollIn), new PollFd(_wake, PollIn)];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref _disposed) != 0)
                throw new ObjectDisposedException(nameof(PtyStream));
            fds[0].Returned = fds[1].Returned = 0;
            if (Poll(ref fds[0], 2, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted)
                    continue;
                throw new IOException($"poll on the console failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
            if (fds[1].Returned != 0)
                continue; // woken: the checks above say why
            if ((fds[0].Returned & (PollIn | PollHangUp | PollError)) == 0)
                continue;
            nint n = ReadFile(_pty, ref MemoryMarshal.GetReference(buffer.Span), buffer.Length);
            if (n >= 0)
                return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Interrupted or TryAgain)
                continue;
            return 0; // EIO: QEMU closed the pty's other side, the guest is gone
        }
    }

    /// <summary>Writes all of <paramref name="buffer"/>, waiting while the guest does not read; cancelled (or closed) ends the wait.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Console input is a few keystrokes at a time: the write completes at once unless the guest stopped reading.
        var write = new Task(() => WriteAll(buffer.Span, cancellationToken));
        _writing = write;
        write.Start(TaskScheduler.Default);
        return new ValueTask(write);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => WriteAll(buffer, CancellationToken.None);

    private void WriteAll(ReadOnlySpan<byte> buffer, CancellationToken cancellationToken)
    {
        var fd = new PollFd(_pty, PollOut);
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref _disposed) != 0)
                throw new ObjectDisposedException(nameof(PtyStream));
            nint n = WriteFile(_pty, in MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n >= 0)
            {
                buffer = buffer[(int)n..];
                continue;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interrupted)
                continue;
            if (errno != TryAgain)
                throw new IOException($"cannot write to the console: {Marshal.GetLastPInvokeErrorMessage()}");
            fd.Returned = 0;
            _ = Poll(ref fd, 1, WriteCheckMs); // the guest's input buffer is full: wait for room, or look again
        }
    }

    private void Wake()
    {
        ulong one = 1;
        _ = WriteFile(_wake, in System.Runtime.CompilerServices.Unsafe.As<ulong, byte>(ref one), sizeof(ulong));
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The descriptors close only once no read waits on them, so a number reused elsewhere is never read.
            Wake();
            try
            {
                Task.WaitAll(_reading, _writing);
            }
            catch (AggregateException)
            {
                // The read ended by being woken, the write by seeing the stream closed: that is their purpose here.
            }
            _ = Close(_pty);
            _ = Close(_wake);
        }
        base.Dispose(disposing);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd(int fd, short events)
    {
        public int Fd = fd;
        public short Events = events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFile(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFile(int fd, in byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
