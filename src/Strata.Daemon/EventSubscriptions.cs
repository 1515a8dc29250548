using Strata.Protocol;

namespace Strata.Daemon;

/// <summary>
/// The event callbacks one client registered (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY): lifecycle events of its
/// driver are sent to it as DOMAIN_EVENT_CALLBACK_LIFECYCLE messages. Other event kinds are accepted and never fire.
/// </summary>
internal sealed class EventSubscriptions : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (IDriver Driver, EventHandler<DomainEvent>? Handler)> _callbacks = [];
    private int _lastId;

    /// <summary>Registers a callback; lifecycle ones (optionally for one domain only) start sending at once.</summary>
    public int Add(ClientSession client, IDriver driver, DomainEventId eventId, Guid? onlyDomain)
    {
        lock (_lock)
        {
            int id = ++_lastId;
            EventHandler<DomainEvent>? handler = null;
            if (eventId == DomainEventId.Lifecycle)
            {
                handler = (_, e) =>
                {
                    if (onlyDomain is null || onlyDomain == e.Domain.Uuid)
                        _ = SendAsync(client, id, e);
                };
                driver.DomainEventRaised += handler;
            }
            _callbacks[id] = (driver, handler);
            return id;
        }
    }

    public void Remove(int id)
    {
        lock (_lock)
        {
            if (!_callbacks.Remove(id, out var callback))
                throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: callback {id} is not registered");
            if (callback.Handler is not null)
                callback.Driver.DomainEventRaised -= callback.Handler;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (driver, handler) in _callbacks.Values)
            {
                if (handler is not null)
                    driver.DomainEventRaised -= handler;
            }
            _callbacks.Clear();
        }
    }

    private static async Task SendAsync(ClientSession client, int callbackId, DomainEvent e)
    {
        if (!client.TakeEvent())
            return; // the client reads nothing: its connection is being closed
        var frame = RemoteEvents.CallbackLifecycle.Build(
            new DomainEventCallbackLifecycleMsg(callbackId, new DomainEventLifecycleMsg(RemoteDomain.From(e.Domain), (int)e.Type, e.Detail)));
        try
        {
            await client.Writer.WriteAsync(frame, client.Closing).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client has gone; its session removes the callback.
        }
        finally
        {
            client.EventSent();
        }
    }
}
