namespace Strata.Protocol;

/// <summary>The events of the remote program that Strata sends or receives, with their structs.</summary>
public static class RemoteEvents
{
    /// <summary>A lifecycle event for one callback registration; what virsh and libvirt-python register for.</summary>
    public static readonly RemoteEvent<DomainEventCallbackLifecycleMsg> CallbackLifecycle = new(RemoteProcedure.DomainEventCallbackLifecycle);

    /// <summary>A guest reboot for one callback registration.</summary>
    public static readonly RemoteEvent<DomainEventCallbackRebootMsg> CallbackReboot = new(RemoteProcedure.DomainEventCallbackReboot);

    /// <summary>A lifecycle event in the old form, for clients that registered with domain_event_register(_any).</summary>
    public static readonly RemoteEvent<DomainEventLifecycleMsg> Lifecycle = new(RemoteProcedure.DomainEventLifecycle);

    /// <summary>A reboot in the old form.</summary>
    public static readonly RemoteEvent<DomainValue> Reboot = new(RemoteProcedure.DomainEventReboot);

    /// <summary>The server is closing the connection, with a <c>virConnectCloseReason</c>.</summary>
    public static readonly RemoteEvent<IntValue> ConnectionClosed = new(RemoteProcedure.ConnectEventConnectionClosed);
}
