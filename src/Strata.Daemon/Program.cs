using Strata;
using Strata.Daemon;
using Strata.Daemon.Procedures;

// stratad: libvirt's remote protocol over unix sockets, onto the Strata library's drivers. Stopping it leaves
// every guest running: their state is in files, and the next stratad (or strata) reattaches.

// Run socket continuations on the socket engine's thread instead of queueing them to the thread pool: a call is a
// short read of the index or a file, then an async wait if anything, so one thread hop less per round trip (on a
// busy host, a wake-up less). Nothing in stratad blocks on a socket synchronously. Read once, at the first socket.
// Clients' connections have pollers of their own that do the same (SocketPoller); this is for QMP and the listeners.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
if (args is ["--version"])
{
    Console.WriteLine($"{StrataVersion.Major}.{StrataVersion.Minor}.{StrataVersion.Micro}");
    return 0;
}

DaemonOptions options;
try
{
    options = DaemonOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}

using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

ulong files = FileLimit.RaiseToHard();
SocketPoller.StartAll();
await using var drivers = new DaemonDrivers(options, stop.Token);
var procedures = new ProcedureTable();
ConnectProcedures.Register(procedures, drivers);
DomainProcedures.Register(procedures);
EventProcedures.Register(procedures);
StorageProcedures.Register(procedures);
StatsProcedures.Register(procedures);
ModifyProcedures.Register(procedures);
ConsoleProcedures.Register(procedures, new OpenConsoles());

using var main = new Listener(options.SocketPath, readOnly: false, (socket, readOnly, ct) => ClientSession.ServeAsync(socket, readOnly, procedures, options.Keepalive, ct));
using var readOnlySocket = new Listener(options.ReadOnlySocketPath, readOnly: true, (socket, readOnly, ct) => ClientSession.ServeAsync(socket, readOnly, procedures, options.Keepalive, ct));
try
{
    main.Bind();
    readOnlySocket.Bind();
}
catch (System.Net.Sockets.SocketException error)
{
    Console.Error.WriteLine($"error: cannot listen on {options.SocketPath}: {error.Message}");
    return 1;
}

Log.Info($"stratad {StrataVersion.Major}.{StrataVersion.Minor}.{StrataVersion.Micro} serving qemu and test URIs (default {options.QemuUri}) on {options.SocketPath} (read-only: {options.ReadOnlySocketPath}); up to {files} open files");
await Startup.ReattachAndAutostartAsync(drivers.Qemu, stop.Token).ConfigureAwait(false);
SystemdNotify.Ready();

await Task.WhenAll(main.AcceptAsync(stop.Token), readOnlySocket.AcceptAsync(stop.Token)).ConfigureAwait(false);
SystemdNotify.Stopping();
Log.Info("stopping; guests keep running");
return 0;
