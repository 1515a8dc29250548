using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    private readonly List<EventWaiter> _waiters = [];
    private readonly List<EventSubscription> _subscriptions = [];

    /// <summary>
    /// Raised on the reader loop for every event, in order. Handlers must be quick and not block on this client's
    /// replies (they arrive on the same loop); an exception from a handler is swallowed so the monitor keeps working.
    /// </summary>
    public event EventHandler<QmpEvent>? EventReceived;

    /// <summary>
    /// The next event named <paramref name="name"/>. The wait starts when this method returns, before the task is
    /// awaited, so <c>var stopped = WaitForEventAsync("STOP"); await ExecuteAsync("stop"); await stopped;</c> cannot miss it.
    /// </summary>
    /// <exception cref="HypervisorException">QEMU went away first.</exception>
    public Task<QmpEvent> WaitForEventAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WaitForEventAsync(e => string.Equals(e.Name, name, StringComparison.Ordinal), cancellationToken);
    }

    /// <summary>The next event that <paramref name="match"/> accepts; see <see cref="WaitForEventAsync(string, CancellationToken)"/>.</summary>
    public Task<QmpEvent> WaitForEventAsync(Func<QmpEvent, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = new EventWaiter(match);
        lock (_stateLock)
        {
            if (_closeReason is not null)
                return Task.FromException<QmpEvent>(new HypervisorException($"QEMU went away while waiting for an event ({_closeReason})"));
            _waiters.Add(waiter);
        }
        return AwaitWaiterAsync(waiter, cancellationToken);
    }

    /// <summary>
    /// Every event from the moment of this call (not of the first MoveNextAsync) until the connection closes or
    /// <paramref name="cancellationToken"/> is cancelled. Events are buffered without bound until read.
    /// </summary>
    public IAsyncEnumerable<QmpEvent> ReadEventsAsync(CancellationToken cancellationToken = default)
    {
        var subscription = new EventSubscription();
        lock (_stateLock)
        {
            if (_closeReason is not null) subscription.Channel.Writer.TryComplete();
            else _subscriptions.Add(subscription);
        }
        return ReadSubscriptionAsync(subscription, cancellationToken);
    }

    private async Task<QmpEvent> AwaitWaiterAsync(EventWaiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_stateLock) _waiters.Remove(waiter);
        }
    }

    private async IAsyncEnumerable<QmpEvent> ReadSubscriptionAsync(EventSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in subscription.Channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            lock (_stateLock) _subscriptions.Remove(subscription);
        }
    }

    private void DispatchEvent(QmpEvent item)
    {
        List<EventWaiter>? matched = null;
        EventSubscription[] subscriptions;
        lock (_stateLock)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!Matches(_waiters[i], item)) continue;
                (matched ??= []).Add(_waiters[i]);
                _waiters.RemoveAt(i);
            }
            subscriptions = [.. _subscriptions];
        }
        if (matched is not null)
            foreach (var waiter in matched) waiter.Completion.TrySetResult(item);
        foreach (var subscription in subscriptions)
            subscription.Channel.Writer.TryWrite(item);
        try
        {
            EventReceived?.Invoke(this, item);
        }
#pragma warning disable CA1031 // a subscriber's bug must not take the monitor down
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static bool Matches(EventWaiter waiter, QmpEvent item)
    {
        try { return waiter.Match(item); }
#pragma warning disable CA1031 // a faulty predicate fails its own wait, not the reader loop
        catch (Exception error)
#pragma warning restore CA1031
        {
            waiter.Completion.TrySetException(error);
            return true;
        }
    }

    private sealed class EventWaiter(Func<QmpEvent, bool> match)
    {
        public Func<QmpEvent, bool> Match { get; } = match;
        public TaskCompletionSource<QmpEvent> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class EventSubscription
    {
        public Channel<QmpEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<QmpEvent>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }
}
