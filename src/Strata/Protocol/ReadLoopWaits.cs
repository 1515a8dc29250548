namespace Strata.Protocol;

/// <summary>
/// The waits a connection's read loop makes on its own side's work (a slow stream reader, a disk still writing, a
/// slot for the next call, a PONG the peer does not take): meanwhile the peer is not heard through no fault of its
/// own, so <see cref="Keepalive"/> does not count that silence against it.
/// </summary>
public sealed class ReadLoopWaits
{
    private int _waiting;

    /// <summary>True while the read loop reads, waiting on nothing of its own side's.</summary>
    public bool Reading => Volatile.Read(ref _waiting) == 0;

    /// <summary>Waits for <paramref name="work"/> on the read loop, counted as a wait while it is not done at once.</summary>
    public async ValueTask WaitAsync(ValueTask work)
    {
        if (work.IsCompleted)
        {
            await work.ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            await work.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
