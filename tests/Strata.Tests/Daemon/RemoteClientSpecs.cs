using System.Net.Sockets;
using Strata.Drivers.Remote;
using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// The remote client facing a peer that breaks the protocol (an in-process fake: no real daemon sends a bad frame
/// on purpose): the connection is given up, and every call then fails at once with why instead of waiting forever.
/// </summary>
public sealed class RemoteClientSpecs
{
    [Fact]
    public async Task AfterABadFrameFromTheDaemonEveryCallFailsAtOnce()
    {
        await using var scope = QemuScope.Create(); // a private directory, removed afterwards
        string socket = scope.File("fake.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen();
        var peer = ServeOneClientAsync(listener);

        await using var driver = await RemoteDriver.OpenAsync(socket, "qemu:///session", CancellationToken.None);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // only so that a regression fails instead of hanging
        var first = await Assert.ThrowsAsync<ConnectionException>(() => driver.GetHostnameAsync(limit.Token));
        Assert.StartsWith("the connection to the daemon was closed: ", first.Message, StringComparison.Ordinal);
        var second = await Assert.ThrowsAsync<ConnectionException>(() => driver.GetHypervisorVersionAsync(limit.Token));
        Assert.Equal(first.Message, second.Message);
        await peer.WaitAsync(limit.Token);
    }

    /// <summary>Answers the opening calls as a daemon without keepalive would, then answers get_hostname with 8 bytes.</summary>
    private static async Task ServeOneClientAsync(Socket listener)
    {
        using var client = await listener.AcceptAsync();
        await using var stream = new NetworkStream(client);
        var reader = new FrameReader(stream);
        using var writer = new FrameWriter(stream);
        while (await reader.ReadAsync(CancellationToken.None) is { } call)
        {
            var reply = call.Header.ReplyHeader();
            switch ((RemoteProcedure)call.Header.Procedure)
            {
                case RemoteProcedure.AuthList:
                    await writer.WriteAsync(reply, new AuthListRet([AuthType.None]));
                    break;
                case RemoteProcedure.ConnectGetType:
                    await writer.WriteAsync(reply, new StringValue("QEMU"));
                    break;
                case RemoteProcedure.ConnectSupportsFeature:
                    await writer.WriteAsync(reply, new IntValue(0));
                    break;
                case RemoteProcedure.ConnectGetHostname:
                    await stream.WriteAsync(new byte[] { 0, 0, 0, 8, 0, 0, 0, 0 });
                    break;
                default:
                    await writer.WriteAsync(reply);
                    break;
            }
        }
    }
}
