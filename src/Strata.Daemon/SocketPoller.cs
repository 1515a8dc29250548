using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Strata.Daemon;

/// <summary>
/// The epoll threads that wake stratad's client connections (<see cref="ClientSocketStream"/>). .NET's socket engine
/// registers every socket for input and for output, edge-triggered. On a unix socket the peer's every read of a reply
/// frees send space, which is an output edge: each reply woke the daemon's engine thread once more while the client was
/// still reading it, and the client's read paid for waking a sleeping CPU (tens of microseconds on a VM; a round trip
/// took 0.16 ms instead of 0.10 ms, measured with a C daemon registered either way). Here a connection is registered
/// for input only, and for output only while a write waits for room.
/// </summary>
internal sealed partial class SocketPoller
{
    private const int MaxEvents = 64;
    private const uint Input = 0x1, Output = 0x4, Error = 0x8, HangUp = 0x10, PeerClosed = 0x2000, EdgeTriggered = 1u << 31;
    private const int Add = 1, Remove = 2, Modify = 3, CloseOnExec = 0x80000, Interrupted = 4;

    private static SocketPoller[] _pollers = [];
    private static int _next;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<ulong, ClientSocketStream> _streams = new();
    private long _nextId;

    private SocketPoller()
    {
        _epoll = EpollCreate(CloseOnExec);
        if (_epoll < 0)
            throw new IOException($"cannot create an epoll instance: {Marshal.GetLastPInvokeErrorMessage()}");
        new Thread(Run) { IsBackground = true, Name = "client sockets" }.Start();
    }

    /// <summary>
    /// Starts the pollers, before the first client: their descriptors are the daemon's, not a connection's. One per CPU,
    /// as .NET's engine has when it runs continuations on its own threads: a call's work runs on the poller's thread,
    /// so one busy connection does not hold up the others. Not on other than x86-64, where the kernel's epoll_event is
    /// not packed: stratad keeps .NET's engine there.
    /// </summary>
    public static void StartAll()
    {
        if (_pollers.Length > 0 || !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return;
        try
        {
            _pollers = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new SocketPoller())];
        }
        catch (IOException error)
        {
            Log.Warn($"{error.Message}; clients are served through .NET's socket engine");
        }
    }

    /// <summary>Whether <see cref="StartAll"/> started pollers.</summary>
    public static bool Running => _pollers.Length > 0;

    /// <summary>A poller for a new connection, in turn.</summary>
    public static SocketPoller Next() => _pollers[(int)((uint)Interlocked.Increment(ref _next) % (uint)_pollers.Length)];

    /// <summary>Watches <paramref name="fd"/> for input on behalf of <paramref name="stream"/>; the id to name it by later.</summary>
    public ulong Register(ClientSocketStream stream, int fd)
    {
        ulong id = (ulong)Interlocked.Increment(ref _nextId);
        _streams[id] = stream;
        if (Control(Add, fd, id, watchOutput: false) != 0)
        {
            _streams.TryRemove(id, out _);
            throw new IOException($"cannot watch a client connection: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return id;
    }

    /// <summary>Also wakes the stream when it can write again (a write found the socket full), or no longer.</summary>
    public void WatchOutput(int fd, ulong id, bool watch)
    {
        // Turning output on re-checks the socket at once, so room that came before this call is not missed.
        if (Control(Modify, fd, id, watch) != 0)
            throw new IOException($"cannot watch a client connection: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>Stops watching; an event already taken for the id finds no stream and is dropped.</summary>
    public void Unregister(int fd, ulong id)
    {
        _ = Control(Remove, fd, id, watchOutput: false);
        _streams.TryRemove(id, out _);
    }

    private int Control(int operation, int fd, ulong id, bool watchOutput)
    {
        var change = new EpollEvent { Events = Input | PeerClosed | EdgeTriggered | (watchOutput ? Output : 0), Data = id };
        return EpollCtl(_epoll, operation, fd, ref change);
    }

    private void Run()
    {
        var events = new EpollEvent[MaxEvents];
        while (true)
        {
            int count = EpollWait(_epoll, ref events[0], MaxEvents, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() != Interrupted)
                    Log.Warn($"waiting for client sockets failed: {Marshal.GetLastPInvokeErrorMessage()}");
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                if (!_streams.TryGetValue(events[i].Data, out var stream))
                    continue;
                uint happened = events[i].Events;
                try
                {
                    // A closed or failed socket wakes both directions: each then reads its error (or its end).
                    if ((happened & (Input | PeerClosed | HangUp | Error)) != 0)
                        stream.InputReady();
                    if ((happened & (Output | HangUp | Error)) != 0)
                        stream.OutputReady();
                }
#pragma warning disable CA1031 // a continuation's failure is its own connection's, never every connection's
                catch (Exception error)
#pragma warning restore CA1031
                {
                    Log.Warn($"a client connection's wake-up failed: {error}");
                }
            }
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, ref EpollEvent change);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, ref EpollEvent events, int maxEvents, int timeoutMs);
}
