using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary><c>virsh console [--devname NAME]</c>: a domain's console device opened as a stream (<see cref="ConsoleStream"/>).</summary>
internal static class ConsoleProcedures
{
    public static void Register(ProcedureTable table, OpenConsoles consoles) =>
        table.AddThen(RemoteCalls.DomainOpenConsole, Access.Write, async (client, call, args, ct) =>
        {
            var driver = Wire.Driver(client);
            var domain = args.Dom.ToDomainRef();
            // The driver opens the device (the first console, or the one --devname names) and holds it against other
            // processes, taking it over when forced; among this daemon's clients, the claim below settles it.
            var console = await driver.OpenConsoleAsync(domain, args.DevName, args.Forced, ct).ConfigureAwait(false);
            var stream = new ConsoleStream(client, consoles, call, new ConsoleKey(driver, domain.Uuid, console.Device), console);
            await stream.ClaimAsync(args.Forced, ct).ConfigureAwait(false);
            client.Streams[stream.Serial] = stream;
            Log.Info($"a client opened the console {args.DevName ?? "(default)"} of '{domain.Name}'{(args.Forced ? " (forced)" : "")}");
            return stream.Start;
        });
}
