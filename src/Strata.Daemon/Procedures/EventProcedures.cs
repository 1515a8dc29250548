using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Registering for domain events; what is sent then is <see cref="EventSubscriptions"/>' job.</summary>
internal static class EventProcedures
{
    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteCalls.ConnectDomainEventCallbackRegisterAny, Access.Read, (client, args, _) =>
        {
            int callbackId = client.Events.Add(client, Wire.Driver(client), args.EventId, args.Dom?.Uuid);
            Log.Info($"a client registered event callback {callbackId} (event id {(int)args.EventId})");
            return Done(new IntValue(callbackId));
        });

        table.Add(RemoteCalls.ConnectDomainEventCallbackDeregisterAny, Access.Read, (client, callback, _) =>
        {
            client.Events.Remove(callback.Value);
            return Done(XdrVoid.Value);
        });
    }
}
