using Strata.Protocol;

namespace Strata.Drivers.Remote;

public sealed partial class RemoteDriver
{
    private readonly SemaphoreSlim _eventsRegistration = new(1, 1);
    private bool _eventsRegistered;

    /// <summary>Lifecycle events from the daemon; the first subscriber registers the callback there.</summary>
    public event EventHandler<DomainEvent>? DomainEventRaised
    {
        add
        {
            Subscribers += value;
            _ = RegisterEventsQuietlyAsync();
        }
        remove => Subscribers -= value;
    }

    // A field-like event: adding and removing handlers is atomic, so concurrent waits never lose one another's.
    private event EventHandler<DomainEvent>? Subscribers;

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
        Subscribers += OnStopped;
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
            Subscribers -= OnStopped;
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
        var domainEvent = new DomainEvent(e.Dom.ToDomainRef(), (DomainEventType)e.Event, e.Detail);
        // Each subscriber on its own: one that throws costs the others nothing (nor the connection, which reads on).
        foreach (var subscriber in Subscribers?.GetInvocationList() ?? [])
        {
            try
            {
                ((EventHandler<DomainEvent>)subscriber)(this, domainEvent);
            }
#pragma warning disable CA1031 // a subscriber's bug is its own
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
