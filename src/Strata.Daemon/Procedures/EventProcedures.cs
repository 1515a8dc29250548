using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Registering for domain events; what is sent then is <see cref="EventSubscriptions"/>' job.</summary>
internal static class EventProcedures
{
    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteProcedure.ConnectDomainEventCallbackRegisterAny, Access.Read, (client, call, _) =>
        {
            var reader = call.PayloadReader();
            int eventId = reader.ReadInt32();
            var only = reader.ReadOptional<RemoteDomain>();
            int callbackId = client.Events.Add(client, Wire.Driver(client), eventId, only?.Uuid);
            Log.Info($"a client registered event callback {callbackId} (event id {eventId})");
            return ValueTask.FromResult(Reply(call, w => w.WriteInt32(callbackId)));
        });

        table.Add(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, Access.Read, (client, call, _) =>
        {
            var reader = call.PayloadReader();
            client.Events.Remove(reader.ReadInt32());
            return ValueTask.FromResult(Reply(call));
        });
    }
}
