using System.Net.Sockets;
using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary><c>console</c>: the guest's serial console on this terminal until Ctrl+] (as virsh).</summary>
internal static class ConsoleCommand
{
    // Ctrl+] (GS), virsh's escape character.
    private const byte Escape = 0x1d;

    public static CommandSpec Command() => new("console", "domain", "connect to the guest console",
        "Connect the virtual serial console for the guest",
        [OptionSpec.Domain(), OptionSpec.Flag("force", "force console connection (disconnect already connected sessions)")],
        async context => await AttachAsync(context, await context.DomainAsync().ConfigureAwait(false)).ConfigureAwait(false));

    public static async Task<int> AttachAsync(CommandContext context, DomainRef domain)
    {
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        ConsoleEndpoint endpoint;
        try
        {
            endpoint = await driver.GetConsoleAsync(domain, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to connect to the console of domain '{domain.Name}'", error);
        }

        await using Stream guest = await OpenAsync(endpoint, context.Cancellation).ConfigureAwait(false);
        context.Out.WriteLine($"Connected to domain '{domain.Name}'");
        context.Out.WriteLine("Escape character is ^] (Ctrl + ])");
        context.Out.Flush();

        using (RawTerminal.Enter())
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            var toTerminal = CopyAsync(guest, Console.OpenStandardOutput(), escape: false, done.Token);
            // fd 0 itself: Console.OpenStandardInput on a terminal reads whole edited lines, never single keys.
            await using var keyboard = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            var toGuest = CopyAsync(keyboard, guest, escape: true, done.Token);
            await Task.WhenAny(toTerminal, toGuest).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<Stream> OpenAsync(ConsoleEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Kind == ConsoleKind.UnixSocket)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.Path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        return new FileStream(endpoint.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0, useAsync: false);
    }

    /// <summary>Copies until end of input, cancellation, or (from the keyboard) the escape character.</summary>
    private static async Task CopyAsync(Stream from, Stream to, bool escape, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    return;
                int stop = escape ? Array.IndexOf(buffer, Escape, 0, n) : -1;
                await to.WriteAsync(buffer.AsMemory(0, stop >= 0 ? stop : n), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (stop >= 0)
                    return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The guest went away (QEMU exited): the session is over.
        }
    }
}
