using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>console</c>: a guest's console on this terminal until Ctrl+] (as virsh). Through a daemon it is a libvirt
/// stream, so it works against stratad and a real libvirtd alike.
/// </summary>
internal static class ConsoleCommand
{
    // Ctrl+] (GS), virsh's escape character.
    private const byte Escape = 0x1d;

    public static CommandSpec Command() => new("console", "domain", "connect to the guest console",
        "Connect the virtual serial console for the guest",
        [
            OptionSpec.Domain(),
            OptionSpec.Value("devname", "character device name"),
            OptionSpec.Flag("force", "force console connection (disconnect already connected sessions)"),
        ],
        async context => await AttachAsync(context, await context.DomainAsync().ConfigureAwait(false),
            context.Args.Get("devname"), context.Args.Has("force")).ConfigureAwait(false));

    /// <summary>
    /// As virsh: the domain must be running, the banner comes first, then the console opens (so a wrong
    /// <paramref name="deviceName"/> is reported under the banner). Ends with Ctrl+] or when the guest's side ends
    /// (exit 0), or with the error that ended the stream, or when another session took the console over (exit 1).
    /// </summary>
    public static async Task<int> AttachAsync(CommandContext context, DomainRef domain, string? deviceName = null, bool force = false)
    {
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        if (!(await driver.GetStatusAsync(domain, context.Cancellation).ConfigureAwait(false)).IsActive)
            throw new CommandFailedException("The domain is not running");
        context.Out.WriteLine($"Connected to domain '{domain.Name}'");
        context.Out.WriteLine("Escape character is ^] (Ctrl + ])");
        context.Out.Flush();

        await using var console = await driver.OpenConsoleAsync(domain, deviceName, force, context.Cancellation).ConfigureAwait(false);
        Task toTerminal;
        using (RawTerminal.Enter())
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            toTerminal = CopyAsync(console.Stream, Console.OpenStandardOutput(), escape: false, done.Token);
            // fd 0 itself: Console.OpenStandardInput on a terminal reads whole edited lines, never single keys.
            await using var keyboard = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            var toGuest = CopyAsync(keyboard, console.Stream, escape: true, done.Token);
            await Task.WhenAny(toTerminal, toGuest, console.TakenOver).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
        }
        if (console.TakenOver.IsCompleted)
            throw new ConsoleTakenOverException(); // without a daemon: another strata process took it
        await toTerminal.ConfigureAwait(false); // the daemon's reason, when it ended the console
        return 0;
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
