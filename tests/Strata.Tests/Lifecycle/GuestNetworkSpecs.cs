using System.Net;
using System.Net.Sockets;
using Strata.Tests.Support;

namespace Strata.Tests.Lifecycle;

/// <summary>
/// The devices a user reaches the guest through, end to end: user-mode networking with libvirt's portForward,
/// real ssh with the tiny guest's key, and a virtio disk the guest sees.
/// </summary>
[Trait("Category", "Qemu")]
public sealed class GuestNetworkSpecs
{
    [Theory]
    [InlineData("pc")]
    [InlineData("microvm")]
    public async Task SshReachesTheGuestThroughAPortForwardAndSeesItsDisk(string machine)
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        int port = FreePort();
        string disk = scope.File("data.raw");
        await using (var image = File.Create(disk))
            image.SetLength(8 * 1024 * 1024);
        string devices = $"""
            <disk type='file' device='disk'>
              <driver name='qemu' type='raw'/>
              <source file='{disk}'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <interface type='user'>
              <model type='virtio'/>
              <portForward proto='tcp' address='127.0.0.1'>
                <range start='{port}' to='22'/>
              </portForward>
            </interface>
            <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
            <memballoon
            """;
        string xml = guest.DomainXml("net", scope.File("net.serial"), machine: machine, extraCmdline: "strata.hostname=net-" + machine)
            .Replace("<memballoon", devices, StringComparison.Ordinal);
        var domain = await scope.Driver.CreateAsync(xml, default);

        await WaitForSshBannerAsync(port, TimeSpan.FromSeconds(60));
        var ssh = await ProcessRunner.RunAsync("ssh",
        [
            "-i", guest.SshKey, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "root@127.0.0.1", "hostname; ls /dev/vda",
        ], timeout: TimeSpan.FromSeconds(60));
        await scope.Driver.DestroyAsync(domain, default);

        Assert.True(ssh.ExitCode == 0, ssh.ToString());
        Assert.Equal($"net-{machine}\n/dev/vda\n", ssh.Stdout);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// QEMU accepts on the forwarded port before anything listens in the guest, so readiness is the SSH banner,
    /// not a successful connect.
    /// </summary>
    private static async Task WaitForSshBannerAsync(int port, TimeSpan timeout)
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
