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

    /// <summary>
    /// Accepts clients until cancelled; each is served on its own task. A failed accept (out of file descriptors, say)
    /// is logged and tried again after a pause, so the socket goes on serving once the cause has passed.
    /// </summary>
    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.Zero;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException error)
            {
                if (pause == TimeSpan.Zero)
                    Log.Warn($"cannot accept clients on {Path}: {error.Message}; trying again");
                pause = pause == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                try
                {
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            await serve(client, readOnly, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // one client's failure is logged, never the daemon's end
        catch (Exception error)
#pragma warning restore CA1031
        {
            Log.Warn($"a client connection failed: {error}");
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
