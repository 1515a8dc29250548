using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>A real tiny guest whose disk is a pool's volume: <c>&lt;disk type='volume'&gt;</c> resolved when QEMU starts.</summary>
[Trait("Category", "Qemu")]
public sealed class VolumeGuestSpecs
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private static string WithVolumeDisk(string domainXml, string pool, string volume, string driver = "") => domainXml.Replace(
        "<memballoon model='none'/>",
        $"<disk type='volume' device='disk'>{driver}<source pool='{pool}' volume='{volume}'/><target dev='vda' bus='virtio'/></disk>\n<memballoon model='none'/>",
        StringComparison.Ordinal);

    [Fact]
    public async Task AGuestBootsOnAnOverlayVolumeAndItsVolumesCannotBeDeletedWhileItRuns()
    {
        await using var scope = QemuScope.Create();
        string dir = await scope.StartPoolAsync("guests");
        string basePath = Path.Combine(dir, "base.img"), overlayPath = Path.Combine(dir, "overlay.qcow2");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "guests", "base.img", "64M", "--allocation", "0"), "Vol base.img created\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "guests", "overlay.qcow2", "64M", "--format", "qcow2",
            "--backing-vol", "base.img", "--backing-vol-format", "raw"), "Vol overlay.qcow2 created\n\n");

        var guest = await TinyGuest.GetAsync();
        string serial = scope.File("vg.serial");
        string xml = scope.File("vg.xml");
        // loglevel=6 lets the guest's kernel print the size of the disk it found.
        await File.WriteAllTextAsync(xml, WithVolumeDisk(guest.DomainXml("vg", serial, extraCmdline: "loglevel=6"), "guests", "overlay.qcow2"));
        await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain 'vg' defined from {xml}\n\n");
        Assert.Contains("<disk type='volume' device='disk'>\n      <source pool='guests' volume='overlay.qcow2'/>\n      <target dev='vda' bus='virtio'/>",
            (await scope.StrataAsync("dumpxml", "--inactive", "vg")).Stdout, StringComparison.Ordinal);

        await Expect.StdoutAsync(scope.StrataAsync("start", "vg"), "Domain 'vg' started\n\n");
        await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, BootTimeout);
        await Expect.StdoutAsync(scope.StrataAsync("domstate", "vg"), "running\n\n");
        // The guest found a 64 MiB disk (131072 sectors): the volume's capacity.
        Assert.Contains("[vda] 131072 512-byte logical blocks", await File.ReadAllTextAsync(serial), StringComparison.Ordinal);

        // QEMU was given the volume's file as qcow2 and opened its backing volume too.
        int pid = Strata.Drivers.Qemu.QemuProcess.ReadPid(Path.Combine(scope.Paths.RunDir, "vg.pid")) ?? throw new InvalidOperationException("no pidfile");
        string argv = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        Assert.Contains($"filename={overlayPath},", argv, StringComparison.Ordinal);
        Assert.Contains("driver=qcow2,", argv, StringComparison.Ordinal);
        var open = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget).ToList();
        Assert.Contains(overlayPath, open);
        Assert.Contains(basePath, open);

        string live = (await scope.StrataAsync("dumpxml", "vg")).Stdout;
        Assert.Contains("<disk type='volume' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n      <source pool='guests' volume='overlay.qcow2'/>", live, StringComparison.Ordinal);

        await Expect.FailureAsync(scope.StrataAsync("vol-delete", "--pool", "guests", "overlay.qcow2"),
            "error: Failed to delete vol overlay.qcow2\nerror: Requested operation is not valid: storage volume 'overlay.qcow2' is in use by running domain 'vg'\n");
        // As virsh: the volume as the user named it.
        await Expect.FailureAsync(scope.StrataAsync("vol-delete", basePath),
            $"error: Failed to delete vol {basePath}\nerror: Requested operation is not valid: storage volume 'base.img' is in use by running domain 'vg'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-resize", "--pool", "guests", "overlay.qcow2", "128M"),
            "error: Failed to change size of volume 'overlay.qcow2' to 128M\nerror: Requested operation is not valid: storage volume 'overlay.qcow2' is in use by running domain 'vg'\n");
        Assert.True(File.Exists(overlayPath) && File.Exists(basePath));

        await Expect.StdoutAsync(scope.StrataAsync("destroy", "vg"), "Domain 'vg' destroyed\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-delete", "--pool", "guests", "overlay.qcow2"), "Vol overlay.qcow2 deleted\n\n");
        Assert.False(File.Exists(overlayPath));
    }

    [Fact]
    public async Task AStartNamingAMissingVolumeOrPoolFailsAndStartsNothing()
    {
        await using var scope = QemuScope.Create();
        await scope.StartPoolAsync("guests");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "guests", "disk.qcow2", "16M", "--format", "qcow2"), "Vol disk.qcow2 created\n\n");
        var guest = await TinyGuest.GetAsync();

        async Task RefusedAsync(string name, string pool, string volume, string reason, string driver = "")
        {
            string xml = scope.File(name + ".xml");
            await File.WriteAllTextAsync(xml, WithVolumeDisk(guest.DomainXml(name, scope.File(name + ".serial")), pool, volume, driver));
            await Expect.StdoutAsync(scope.StrataAsync("define", xml), $"Domain '{name}' defined from {xml}\n\n");
            await Expect.FailureAsync(scope.StrataAsync("start", name), $"error: Failed to start domain '{name}'\nerror: {reason}\n");
            await Expect.StdoutAsync(scope.StrataAsync("domstate", name), "shut off\n\n");
            Assert.False(File.Exists(Path.Combine(scope.Paths.RunDir, name + ".pid")), "no QEMU was started");
        }

        await RefusedAsync("novol", "guests", "missing.qcow2", "Storage volume not found: no storage vol with matching name 'missing.qcow2'");
        await RefusedAsync("nopool", "nosuchpool", "disk.qcow2", "Storage pool not found: no storage pool with matching name 'nosuchpool'");
        await RefusedAsync("wrongformat", "guests", "disk.qcow2",
            "unsupported configuration: disk 'vda' has format 'raw' but volume 'disk.qcow2' of pool 'guests' is qcow2", "<driver name='qemu' type='raw'/>");
        await Expect.StdoutAsync(scope.StrataAsync("pool-destroy", "guests"), "Pool guests destroyed\n\n");
        await RefusedAsync("inactive", "guests", "disk.qcow2", "Requested operation is not valid: storage pool 'guests' containing volume 'disk.qcow2' is not active");
    }
}
