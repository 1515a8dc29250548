using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Strata.Tests.Support;

/// <summary>Reaching the tiny guest over ssh through a user-mode network's forwarded port.</summary>
internal static class GuestSsh
{
    /// <summary>A loopback port nothing listens on right now, for a <c>&lt;portForward&gt;</c>.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The devices that forward <paramref name="port"/> on the host's loopback to the guest's ssh port.</summary>
    public static string PortForwardInterface(int port) => $"""
        <interface type='user'>
          <model type='virtio'/>
          <portForward proto='tcp' address='127.0.0.1'>
            <range start='{port}' to='22'/>
          </portForward>
        </interface>
        <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
        """;

    /// <summary>Runs one command as root in the guest, with the tiny guest's key and no host key bookkeeping.</summary>
    public static Task<ProcessResult> RunAsync(TinyGuest guest, int port, string command, string? stdin = null) =>
        ProcessRunner.RunAsync("ssh",
        [
            "-i", guest.SshKey, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "root@127.0.0.1", command,
        ], timeout: TimeSpan.FromSeconds(60), stdin: stdin);

    /// <summary>
    /// QEMU accepts on the forwarded port before anything listens in the guest, so readiness is the SSH banner,
    /// not a successful connect.
    /// </summary>
    public static async Task WaitForBannerAsync(int port, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                var buffer = new byte[4];
                int read = await client.GetStream().ReadAtLeastAsync(buffer, 4, throwOnEndOfStream: false, cts.Token);
                if (read == 4 && System.Text.Encoding.ASCII.GetString(buffer) == "SSH-")
                    return;
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }
            await Task.Delay(100, cts.Token);
        }
    }
}
