using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Strata.Tests.Support;

/// <summary>Reaching a guest over ssh through a forwarded port on the host's loopback.</summary>
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

    /// <summary>
    /// Runs <paramref name="command"/> in the guest as <paramref name="user"/> with the system ssh and the given key,
    /// feeding it <paramref name="stdin"/> when given.
    /// </summary>
    public static Task<ProcessResult> RunAsync(int port, string key, string command, string user = "root", string? stdin = null) =>
        ProcessRunner.RunAsync("ssh",
        [
            "-i", key, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no",
            $"{user}@127.0.0.1", command,
        ], timeout: TimeSpan.FromSeconds(60), stdin: stdin);
}
