using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary><c>virsh console</c>: a domain's serial console opened as a stream (<see cref="ConsoleStream"/>).</summary>
internal static class ConsoleProcedures
{
    public static void Register(ProcedureTable table, OpenConsoles consoles) =>
        table.AddStream(RemoteCalls.DomainOpenConsole, Access.Write, async (client, call, args, ct) =>
        {
            var driver = Wire.Driver(client);
            var domain = args.Dom.ToDomainRef();
            // Strata gives each domain one console: the first serial or console device, as libvirt's default.
            if (args.DevName is not null)
                throw new StrataException(ErrorCode.OperationUnsupported, $"Operation not supported: choosing the console device ('{args.DevName}') is not supported: omit --devname");
            var endpoint = await driver.GetConsoleAsync(domain, ct).ConfigureAwait(false);
            var stream = new ConsoleStream(client, consoles, call, new ConsoleKey(driver, domain.Uuid));
            await stream.OpenAsync(endpoint, args.Forced, ct).ConfigureAwait(false);
            client.Streams[stream.Serial] = stream;
            Log.Info($"a client opened the console of '{domain.Name}'{(args.Forced ? " (forced)" : "")}");
            return stream.Start;
        });
}
