using System.Net.Sockets;
using Strata.Domains;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    /// <summary>
    /// Opens the pty (or bound unix socket) of the device libvirt's QEMU driver would: see
    /// <see cref="ChardevAliases.Find"/>. One session per device across processes (<see cref="ConsoleHold"/>):
    /// another is refused, or with <paramref name="force"/> taken over.
    /// </summary>
    public async Task<DomainConsole> OpenConsoleAsync(DomainRef domain, string? deviceName, bool force, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        DomainTransitions.RequireActive(seen.Status);
        var device = ChardevAliases.Find(seen.Definition.Devices, deviceName)
            ?? throw (deviceName is null
                ? new OperationInvalidException($"cannot find a character device for the console of domain '{domain.Name}': add <serial type='pty'/> to its definition")
                : new StrataException(ErrorCode.InternalError, $"internal error: cannot find character device {deviceName}"));
        var chardev = device.Chardev;
        // libvirt opens ptys only; a socket QEMU listens on is Strata's addition, as openable.
        bool openable = chardev.Type == ChardevType.Pty || chardev.Type == ChardevType.Unix && chardev.Bind;
        if (!openable)
            throw new StrataException(ErrorCode.InternalError, $"internal error: character device {device.Name} is not using a PTY");
        if (chardev.SourcePath is not { } path)
            throw new HypervisorException($"the pty of character device {device.Name} is not known: restart the domain");
        var hold = await ConsoleHold.TakeAsync(_files.LockFilePath, path, force, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = chardev.Type == ChardevType.Pty ? PtyStream.Open(path) : await ConnectAsync(path, cancellationToken).ConfigureAwait(false);
            return new DomainConsole(path, stream) { TakenOver = hold.TakenOver, Hold = hold };
        }
        catch (Exception error)
        {
            hold.Dispose();
            if (error is IOException or SocketException)
                throw new HypervisorException($"cannot open the console: {error.Message}", error);
            throw;
        }
    }

    private static async Task<Stream> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new NetworkStream(socket, ownsSocket: true);
    }
}
