using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Strata.Environments.Ssh;

namespace Strata.Tests.Environments;

/// <summary>ssh readiness is the server's banner, seen as soon as it is sent, whatever the connections before it did.</summary>
public sealed class SshBannerSpecs
{
    private static readonly byte[] Banner = "SSH-2.0-dropbear_2022.83\r\n"u8.ToArray();

    [Fact]
    public async Task ABannerBehindASilentConnectionIsSeenWithoutWaitingForIt()
    {
        // QEMU's user networking accepts on the host side and then holds the connection while the guest cannot answer yet.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = ServeAsync(listener, silentFirst: true, stop.Token);

        var clock = Stopwatch.StartNew();
        string banner = await SshBanner.WaitAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, stop.Token);

        Assert.Equal("SSH-2.0-dropbear_2022.83", banner);
        // A retry only after the silent attempt gave up would take a second or more.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"took {clock.Elapsed}: the silent connection was waited for");
        await stop.CancelAsync();
        await server;
    }

    [Fact]
    public async Task RefusedAndDroppedConnectionsAreRetriedUntilTheServerAnswers()
    {
        int port = GetFreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = SshBanner.WaitAsync("127.0.0.1", port, stop.Token);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        // A connection closed without a word (a guest that does not listen yet), then the real server.
        using (var dropped = await listener.AcceptTcpClientAsync(stop.Token))
            dropped.Close();
        var server = ServeAsync(listener, silentFirst: false, stop.Token);

        Assert.Equal("SSH-2.0-dropbear_2022.83", await waiting);
        await stop.CancelAsync();
        await server;
    }

    [Fact]
    public async Task WaitingEndsWhenCancelled()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SshBanner.WaitAsync("127.0.0.1", GetFreePort(), stop.Token));
    }

    private static int GetFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task ServeAsync(TcpListener listener, bool silentFirst, CancellationToken cancellationToken)
    {
        var held = new List<TcpClient>();
        try
        {
            if (silentFirst)
                held.Add(await listener.AcceptTcpClientAsync(cancellationToken));
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                held.Add(client);
                await client.GetStream().WriteAsync(Banner, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var client in held)
                client.Dispose();
        }
    }
}
