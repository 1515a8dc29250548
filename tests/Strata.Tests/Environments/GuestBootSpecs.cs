using Strata.Environments.Guests;
using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary>
/// Machines made by GuestBuilder from the tiny box, booted by Strata's QEMU driver under TCG and reached with the
/// system ssh and the machine's own key: no password anywhere.
/// </summary>
[Trait("Category", "Qemu")]
public sealed class GuestBootSpecs
{
    [Fact]
    public async Task AMachineFromTheTinyBoxAnswersSshWithItsHostnameAndKeyAndTakesRsyncAndScp()
    {
        await using var scope = QemuScope.Create();
        var box = await TestBoxes.TinyAsync();
        var (spec, key) = await TestBoxes.MachineAsync(scope, "web");
        var disks = await GuestBuilder.CreateDisksAsync(box, spec, default);
        Assert.Null(disks.Seed);
        string folder = Directory.CreateDirectory(scope.File("project")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "synced.txt"), "from the host\n");

        var domain = await scope.Driver.CreateAsync(GuestBuilder.DomainXml(box, spec, disks), default);
        await GuestSsh.WaitForBannerAsync(spec.SshPort(), TestBoxes.BootTimeout);
        var ssh = await GuestSsh.RunAsync(spec.SshPort(), key, "cat /etc/hostname; hostname; id -u");
        // A synced folder is rsync over ssh: the guest needs rsync and its libraries.
        var rsync = await ProcessRunner.RunAsync("rsync",
        [
            "-a", "-e", $"ssh -i {key} -p {spec.SshPort()} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR",
            folder + "/", "root@127.0.0.1:/vagrant/",
        ], timeout: TimeSpan.FromSeconds(60));
        // A file provisioner's upload is scp, which speaks SFTP since OpenSSH 9.
        var scp = await ProcessRunner.RunAsync("scp",
        [
            "-i", key, "-P", spec.SshPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            Path.Combine(folder, "synced.txt"), "root@127.0.0.1:/root/copied.txt",
        ], timeout: TimeSpan.FromSeconds(60));
        var synced = await GuestSsh.RunAsync(spec.SshPort(), key, "cat /vagrant/synced.txt /root/copied.txt");
        await scope.Driver.DestroyAsync(domain, default);

        Assert.True(ssh.ExitCode == 0, ssh.ToString());
        Assert.Equal("web\nweb\n0\n", ssh.Stdout);
        Assert.True(rsync.ExitCode == 0, rsync.ToString());
        Assert.True(scp.ExitCode == 0, scp.ToString());
        Assert.Equal("from the host\nfrom the host\n", synced.Stdout);
        Assert.Contains(GuestBuilder.ReadyLine, await File.ReadAllTextAsync(Path.Combine(spec.MachineDirectory, GuestBuilder.ConsoleLogFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATinyMachineAlsoBootsOnThePcMachineAndShutsDownGracefully()
    {
        // pc is what a TCG host without a known TSC frequency gets.
        await using var scope = QemuScope.Create();
        var box = await TestBoxes.TinyAsync();
        var (spec, key) = await TestBoxes.MachineAsync(scope, "pc");
        var disks = await GuestBuilder.CreateDisksAsync(box, spec, default);
        string xml = GuestBuilder.DomainXml(box, spec, disks, kvm: false, microvm: false);
        Assert.Contains("machine=\"pc\"", xml, StringComparison.Ordinal);

        var domain = await scope.Driver.CreateAsync(xml, default);
        await GuestSsh.WaitForBannerAsync(spec.SshPort(), TestBoxes.BootTimeout);
        var ssh = await GuestSsh.RunAsync(spec.SshPort(), key, "hostname");
        await scope.Driver.ShutdownAsync(domain, default);
        using var stop = new CancellationTokenSource(TestBoxes.BootTimeout);
        var stopped = await scope.Driver.WaitForStopAsync(domain, stop.Token);

        Assert.True(ssh.ExitCode == 0, ssh.ToString());
        Assert.Equal("pc\n", ssh.Stdout);
        Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Shutdown), stopped);
    }

    [Fact]
    public async Task AFileWrittenOverSshSurvivesAGracefulShutdownAndAStart()
    {
        await using var scope = QemuScope.Create();
        var box = await TestBoxes.TinyAsync();
        var (spec, key) = await TestBoxes.MachineAsync(scope, "keep");
        var disks = await GuestBuilder.CreateDisksAsync(box, spec, default);
        var driver = scope.Driver;
        var domain = await driver.DefineAsync(GuestBuilder.DomainXml(box, spec, disks), default);

        var running = await driver.StartAsync(domain, default);
        await GuestSsh.WaitForBannerAsync(spec.SshPort(), TestBoxes.BootTimeout);
        var write = await GuestSsh.RunAsync(spec.SshPort(), key, "echo kept > /root/note && mkdir -p /srv/app && echo x > /srv/app/y");
        Assert.True(write.ExitCode == 0, write.ToString());
        await driver.ShutdownAsync(running, default);
        using (var stop = new CancellationTokenSource(TestBoxes.BootTimeout))
            Assert.Equal(DomainStatus.Shutoff(ShutoffReason.Shutdown), await driver.WaitForStopAsync(running, stop.Token));

        // The overlay kept by CreateDisksAsync holds the change; the box image does not.
        var again = await GuestBuilder.CreateDisksAsync(box, spec, default);
        Assert.Equal(disks, again);
        running = await driver.StartAsync(domain, default);
        await GuestSsh.WaitForBannerAsync(spec.SshPort(), TestBoxes.BootTimeout);
        var read = await GuestSsh.RunAsync(spec.SshPort(), key, "cat /root/note /srv/app/y");
        await driver.DestroyAsync(running, default);

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal("kept\nx\n", read.Stdout);
    }

    [Fact]
    public async Task TwoMachinesFromOneBoxDoNotSeeEachOthersChanges()
    {
        await using var scope = QemuScope.Create();
        var box = await TestBoxes.TinyAsync();
        var pristine = File.GetLastWriteTimeUtc(box.ImagePath);
        var (web, webKey) = await TestBoxes.MachineAsync(scope, "web");
        var (db, dbKey) = await TestBoxes.MachineAsync(scope, "db");
        var webDomain = await scope.Driver.CreateAsync(GuestBuilder.DomainXml(box, web, await GuestBuilder.CreateDisksAsync(box, web, default)), default);
        var dbDomain = await scope.Driver.CreateAsync(GuestBuilder.DomainXml(box, db, await GuestBuilder.CreateDisksAsync(box, db, default)), default);
        await Task.WhenAll(GuestSsh.WaitForBannerAsync(web.SshPort(), TestBoxes.BootTimeout), GuestSsh.WaitForBannerAsync(db.SshPort(), TestBoxes.BootTimeout));

        var write = await GuestSsh.RunAsync(web.SshPort(), webKey, "echo web > /root/mine && sync");
        var look = await GuestSsh.RunAsync(db.SshPort(), dbKey, "hostname; ls /root/mine 2>/dev/null || echo absent");
        // Each machine takes only its own key.
        var wrongKey = await GuestSsh.RunAsync(db.SshPort(), webKey, "true");
        await scope.Driver.DestroyAsync(webDomain, default);
        await scope.Driver.DestroyAsync(dbDomain, default);

        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.True(look.ExitCode == 0, look.ToString());
        Assert.Equal("db\nabsent\n", look.Stdout);
        Assert.NotEqual(0, wrongKey.ExitCode);
        Assert.Equal(pristine, File.GetLastWriteTimeUtc(box.ImagePath));
    }
}
