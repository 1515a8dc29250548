using Strata.Storage;

namespace Strata.Drivers.Qemu;

/// <summary>
/// One session per console device across processes, as libvirt's console lock (the CLI opens consoles without a
/// daemon too): a byte-range lock in the domains' lock file while the console is open. A session that forces its
/// way in (<c>--force</c>) asks with a second lock, which the holder watches for and answers by letting go.
/// </summary>
internal sealed class ConsoleHold : IDisposable
{
    // A holder that is closing lets go within this; one that is forced out, within a few of its looks.
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan TakeOverWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(100);

    private readonly RangeLock _held;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _takenOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConsoleHold(RangeLock held, string lockFile, string askKey)
    {
        _held = held;
        _ = WatchAsync(lockFile, askKey);
    }

    /// <summary>Completes when another session asks for the console: the caller ends its session and disposes this.</summary>
    public Task TakenOver => _takenOver.Task;

    /// <summary>Takes the console device <paramref name="device"/> (its host side), from its holder if <paramref name="force"/>.</summary>
    public static async Task<ConsoleHold> TakeAsync(string lockFile, string device, bool force, CancellationToken cancellationToken)
    {
        string key = "console:" + device, ask = "console-takeover:" + device;
        var held = await RangeLock.TryAcquireAsync(lockFile, key, Patience, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            if (!force)
                throw new ConsoleBusyException();
            using var asking = await RangeLock.TryAcquireAsync(lockFile, ask, TakeOverWait, cancellationToken).ConfigureAwait(false)
                ?? throw Unanswered();
            held = await RangeLock.TryAcquireAsync(lockFile, key, TakeOverWait, cancellationToken).ConfigureAwait(false)
                ?? throw Unanswered();
        }
        return new ConsoleHold(held, lockFile, ask);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _held.Dispose();
    }

    // Looks, rather than waits in the kernel: a blocking lock would pin a thread for the whole session.
    private async Task WatchAsync(string lockFile, string askKey)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LookInterval, _stop.Token).ConfigureAwait(false);
                try
                {
                    if (!RangeLock.IsHeld(lockFile, askKey))
                        continue;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    continue; // out of descriptors, say: look again next time
                }
                _takenOver.TrySetResult();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the session ended on its own.
        }
    }

    private static DomainBusyException Unanswered() =>
        new("the console session holding the device did not let go");
}
