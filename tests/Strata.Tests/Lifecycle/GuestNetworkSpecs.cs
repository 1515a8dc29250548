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
        int port = GuestSsh.FreePort();
        string disk = scope.File("data.raw");
        await using (var image = File.Create(disk))
            image.SetLength(8 * 1024 * 1024);
        string devices = $"""
            <disk type='file' device='disk'>
              <driver name='qemu' type='raw'/>
              <source file='{disk}'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            {GuestSsh.PortForwardInterface(port)}
            <memballoon
            """;
        string xml = guest.DomainXml("net", scope.File("net.serial"), machine: machine, extraCmdline: "strata.hostname=net-" + machine)
            .Replace("<memballoon", devices, StringComparison.Ordinal);
        var domain = await scope.Driver.CreateAsync(xml, default);

        await GuestSsh.WaitForBannerAsync(port, TimeSpan.FromSeconds(60));
        var ssh = await GuestSsh.RunAsync(port, guest.SshKey, "hostname; ls /dev/vda");
        await scope.Driver.DestroyAsync(domain, default);

        Assert.True(ssh.ExitCode == 0, ssh.ToString());
        Assert.Equal($"net-{machine}\n/dev/vda\n", ssh.Stdout);
    }
}
