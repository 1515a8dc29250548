using Strata.Protocol;

namespace Strata.Drivers.Remote;

public sealed partial class RemoteDriver
{
    private readonly SemaphoreSlim _eventsRegistration = new(1, 1);
    private EventHandler<DomainEvent>? _domainEvents;
    private bool _eventsRegistered;

    /// <summary>Lifecycle events from the daemon; the first subscriber registers the callback there.</summary>
    public event EventHandler<DomainEvent>? DomainEventRaised
    {
        add
        {
            _domainEvents += value;
            _ = RegisterEventsQuietlyAsync();
        }
        remove => _domainEvents -= value;
    }

    public async Task<DomainStatus> WaitForStopAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await EnsureEventsRegisteredAsync(cancellationToken).ConfigureAwait(false);
        var stopped = new TaskCompletionSource<DomainEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStopped(object? sender, DomainEvent e)
        {
            if (e.Domain.Uuid == domain.Uuid && e.Type == DomainEventType.Stopped)
                stopped.TrySetResult(e);
        }
        _domainEvents += OnStopped;
        try
        {
            var status = await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
            if (!status.IsActive)
                return status;
            var e = await stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false);
            }
            catch (DomainNotFoundException)
            {
                // A transient domain is gone once stopped: the event's detail says why.
                return DomainStatus.Shutoff(StoppedDetail.Reason(e.Detail));
            }
        }
        finally
        {
            _domainEvents -= OnStopped;
        }
    }

    private async Task EnsureEventsRegisteredAsync(CancellationToken cancellationToken)
    {
        await _eventsRegistration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_eventsRegistered)
                return;
            // Every domain's lifecycle: no domain named.
            await CallAsync(RemoteCalls.ConnectDomainEventCallbackRegisterAny, new DomainEventCallbackRegisterAnyArgs(DomainEventId.Lifecycle, null), cancellationToken).ConfigureAwait(false);
            _eventsRegistered = true;
        }
        finally
        {
            _eventsRegistration.Release();
        }
    }

    private async Task RegisterEventsQuietlyAsync()
    {
        try
        {
            await EnsureEventsRegisteredAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (StrataException)
        {
            // A daemon without event support: subscribers just hear nothing.
        }
    }

    private void OnEvent(Message message)
    {
        if (!RemoteEvents.CallbackLifecycle.Matches(message))
            return;
        var e = RemoteEvents.CallbackLifecycle.Decode(message).Msg; // one callback per driver: its id says nothing more
        _domainEvents?.Invoke(this, new DomainEvent(e.Dom.ToDomainRef(), (DomainEventType)e.Event, e.Detail));
    }
}
