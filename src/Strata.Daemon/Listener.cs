using System.Net.Sockets;

namespace Strata.Daemon;

/// <summary>A unix socket stratad accepts clients on; the read-only one refuses every call that changes anything.</summary>
internal sealed class Listener(string path, bool readOnly, Func<Socket, bool, CancellationToken, Task> serve) : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public string Path { get; } = path;

    /// <summary>Binds the socket (replacing a stale one) with mode 0600: only its owner may manage guests.</summary>
    public void Bind()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.Delete(Path);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _socket.Listen(backlog: 128);
    }

    /// <summary>Accepts clients until cancelled; each is served on its own task.</summary>
    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = serve(client, readOnly, cancellationToken);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
