using Strata.Tests.Support;

namespace Strata.Tests.Daemon;

/// <summary>
/// virsh's commands that change a domain (setmem, setmaxmem, setvcpus, attach-*, detach-*, edit) and list its devices
/// (domblklist, domiflist): real virsh through stratad and strata on the same domains, with libvirt's words.
/// </summary>
[Trait("Category", "Libvirt")]
public sealed class DomainChangeSpecs
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AShutOffDomainsDefinitionTakesCheckedChangesFromVirshAndStrataAlike()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string xml = daemon.Scope.File("edits.xml");
        await File.WriteAllTextAsync(xml, guest.DomainXml("edits", serialLog: null).Replace("<memballoon model='none'/>", "", StringComparison.Ordinal));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'edits' defined from {xml}\n\n");
        string disk = daemon.Scope.File("extra.img");
        await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);
        string device = daemon.Scope.File("disk.xml");
        await File.WriteAllTextAsync(device, $"<disk type='file' device='disk'><source file='{disk}'/><target dev='vde' bus='virtio'/></disk>\n");

        // Without --config virsh changes the running domain, and there is none.
        await Expect.FailureAsync(daemon.VirshAsync("setmem", "edits", "200M"), "error: Requested operation is not valid: domain is not running\n");
        await Expect.FailureAsync(daemon.Scope.StrataAsync("setmem", "edits", "200M"), "error: Requested operation is not valid: domain is not running\n");
        await Expect.FailureAsync(daemon.VirshAsync("setmem", "edits", "400M", "--config"), "error: invalid argument: cannot set memory higher than max memory\n");
        await Expect.StdoutAsync(daemon.VirshAsync("setmaxmem", "edits", "300M", "--config"), "\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("setmem", "edits", "200M", "--config"), "\n");
        await Expect.FailureAsync(daemon.Scope.StrataAsync("setmem", "edits", "1.5G", "--config"),
            "error: Scaled numeric value '1.5G' for <size> option is malformed or out of range\nerror: invalid argument: unknown suffix '.5G'\n");
        string inactive = await Expect.SuccessAsync(daemon.VirshAsync("dumpxml", "edits", "--inactive"));
        Assert.Contains("<memory unit='KiB'>307200</memory>\n  <currentMemory unit='KiB'>204800</currentMemory>", inactive, StringComparison.Ordinal);

        await Expect.FailureAsync(daemon.Scope.StrataAsync("setvcpus", "edits", "2", "--config"),
            "error: invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 2 > 1\n");
        await Expect.FailureAsync(daemon.Scope.StrataAsync("setvcpus", "edits", "2", "--maximum"), "error: Option --config is required by option --maximum\n");
        await Expect.StdoutAsync(daemon.VirshAsync("setvcpus", "edits", "2", "--config", "--maximum"), "\n");
        const string counts = "maximum      config         2\ncurrent      config         1\n\n";
        await Expect.StdoutAsync(daemon.VirshAsync("vcpucount", "edits"), counts);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("vcpucount", "edits"), counts);
        Assert.Contains("<vcpu placement='static' current='1'>2</vcpu>", await Expect.SuccessAsync(daemon.VirshAsync("dumpxml", "edits")), StringComparison.Ordinal);

        // Disks in and out of the definition; a target in use and a disk the domain lacks are refused.
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("attach-disk", "edits", disk, "vdb", "--config"), "Disk attached successfully\n\n");
        await Expect.FailureAsync(daemon.VirshAsync("attach-disk", "edits", disk, "vdb", "--config"),
            "error: Failed to attach disk\nerror: Requested operation is not valid: target vdb already exists\n");
        await Expect.StdoutAsync(daemon.VirshAsync("attach-device", "edits", device, "--config"), "Device attached successfully\n\n");
        string blocks = $" Type   Device   Target   Source\n{new string('-', 28 + disk.Length)}\n file   disk     vdb      {disk}\n file   disk     vde      {disk}\n\n";
        await Expect.StdoutAsync(daemon.VirshAsync("domblklist", "edits", "--details"), blocks);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("domblklist", "edits", "--details"), blocks);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("detach-device", "edits", device, "--config"), "Device detached successfully\n\n");
        await Expect.FailureAsync(daemon.VirshAsync("detach-device", "edits", device, "--config"),
            $"error: Failed to detach device from {device}\nerror: device not found: no target device vde\n");
        await Expect.StdoutAsync(daemon.VirshAsync("detach-disk", "edits", "vdb", "--config"), "Disk detached successfully\n\n");
        await Expect.FailureAsync(daemon.Scope.StrataAsync("detach-disk", "edits", "vdb", "--config"), "error: No disk found whose source path or target is vdb\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("domblklist", "edits"), " Target   Source\n------------------\n\n");
        // Interfaces: listed alike; detached by type, and by MAC when there are several.
        string nic = daemon.Scope.File("nic.xml"), nic2 = daemon.Scope.File("nic2.xml");
        await File.WriteAllTextAsync(nic, "<interface type='user'><mac address='52:54:00:00:00:0a'/><model type='virtio'/></interface>");
        await File.WriteAllTextAsync(nic2, "<interface type='user'><mac address='52:54:00:00:00:0b'/><model type='virtio'/></interface>");
        await Expect.StdoutAsync(daemon.VirshAsync("attach-device", "edits", nic, "--config"), "Device attached successfully\n\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("attach-device", "edits", nic2, "--config"), "Device attached successfully\n\n");
        var interfaces = await Expect.SuccessAsync(daemon.VirshAsync("domiflist", "edits"));
        Assert.Contains(" -           user   -        virtio   52:54:00:00:00:0b\n", interfaces, StringComparison.Ordinal);
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("domiflist", "edits"), interfaces);
        await Expect.FailureAsync(daemon.Scope.StrataAsync("detach-interface", "edits", "user", "--config"),
            "error: Domain has 2 interfaces. Please specify which one to detach using --mac\n");
        await Expect.StdoutAsync(daemon.Scope.StrataAsync("detach-interface", "edits", "user", "--mac", "52:54:00:00:00:0a", "--config"),
            "Interface detached successfully\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("detach-interface", "edits", "user", "--config"), "Interface detached successfully\n\n");
        await Expect.FailureAsync(daemon.Scope.StrataAsync("detach-interface", "edits", "user", "--config"), "error: No interface found whose type is user\n");

        // What a tool changes through libvirt-python.
        string changes = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Daemon", "libvirt-python-changes.py");
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", [changes, daemon.Socket, "edits", disk], daemon.Scope.Environment);
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal("""
            memory 307200 204800
            too much 8 invalid argument: cannot set memory higher than max memory
            unknown flag 8 unsupported flags (0x8) in function qemuDomainSetMemoryFlags
            vcpus 2 1 2 1
            live 55 Requested operation is not valid: domain is not running
            disks ['vdb']
            again 55 Requested operation is not valid: target vdb already exists
            disks []
            gone 99 device not found: no target device vdb

            """, python.Stdout);

        // edit: the editor's change is defined; no change, or a broken file, changes nothing.
        var editors = new Dictionary<string, string>(daemon.Scope.Environment);
        string grow = daemon.Scope.File("grow.sh"), keep = daemon.Scope.File("keep.sh"), breakIt = daemon.Scope.File("break.sh");
        await File.WriteAllTextAsync(grow, "#!/bin/sh\nsed -i \"s/<memory unit='KiB'>307200</<memory unit='KiB'>409600</\" \"$1\"\n");
        await File.WriteAllTextAsync(keep, "#!/bin/sh\ntrue\n");
        await File.WriteAllTextAsync(breakIt, "#!/bin/sh\nsed -i 's/<domain/<domian/' \"$1\"\n");
        foreach (string script in new[] { grow, keep, breakIt })
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Task<ProcessResult> Edit(string editor) =>
            StrataCli.RunAsync(["edit", "edits"], new Dictionary<string, string>(editors) { ["EDITOR"] = editor, ["VISUAL"] = "" });
        await Expect.StdoutAsync(Edit(grow), "Domain 'edits' XML configuration edited.\n\n");
        await Expect.StdoutAsync(Edit(keep), "Domain 'edits' XML configuration not changed.\n\n");
        var broken = await Edit(breakIt);
        Assert.True(broken.ExitCode == 1 && broken.Stderr.StartsWith("error: ", StringComparison.Ordinal), broken.ToString());
        Assert.Contains("<memory unit='KiB'>409600</memory>", await Expect.SuccessAsync(daemon.VirshAsync("dumpxml", "edits", "--inactive")), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "strata*.xml"), f => File.ReadAllText(f).Contains("<name>edits</name>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARunningGuestTakesMemoryAndVcpusLiveWhileItsNextBootKeepsItsDefinition()
    {
        await using var daemon = await DaemonScope.StartAsync();
        var guest = await TinyGuest.GetAsync();
        string serial = daemon.Scope.File("live.serial");
        string xml = daemon.Scope.File("live.xml");
        int port = GuestSsh.FreePort();
        await File.WriteAllTextAsync(xml, guest.DomainXml("live", serial, extraDevices: GuestSsh.PortForwardInterface(port))
            .Replace("<memballoon model='none'/>", "<memballoon model='virtio'/>", StringComparison.Ordinal)
            .Replace("<vcpu>1</vcpu>", "<vcpu current='1'>2</vcpu>", StringComparison.Ordinal));
        await Expect.StdoutAsync(daemon.VirshAsync("define", xml), $"Domain 'live' defined from {xml}\n\n");
        await Expect.StdoutAsync(daemon.VirshAsync("start", "live"), "Domain 'live' started\n\n");
        try
        {
            await QemuScope.WaitForTextAsync(serial, TinyGuest.ReadyLine, Boot);

            // The balloon takes the new size and the guest gives the memory back; the definition for the next boot keeps its own.
            await Expect.StdoutAsync(daemon.VirshAsync("setmem", "live", "200M"), "\n");
            Assert.Contains("Used memory:    204800 KiB", await Expect.SuccessAsync(daemon.VirshAsync("dominfo", "live")), StringComparison.Ordinal);
            await BalloonReachesAsync(daemon, "204800");
            Assert.Contains("<currentMemory unit='KiB'>262144</currentMemory>", await Expect.SuccessAsync(daemon.VirshAsync("dumpxml", "live", "--inactive")), StringComparison.Ordinal);
            await Expect.StdoutAsync(daemon.Scope.StrataAsync("setmem", "live", "220M", "--live", "--config"), "\n");
            await BalloonReachesAsync(daemon, "225280");
            Assert.Contains("<currentMemory unit='KiB'>225280</currentMemory>", await Expect.SuccessAsync(daemon.VirshAsync("dumpxml", "live", "--inactive")), StringComparison.Ordinal);
            await Expect.FailureAsync(daemon.VirshAsync("setmaxmem", "live", "200M"),
                "error: Unable to change MaxMemorySize\nerror: Requested operation is not valid: cannot resize the maximum memory on an active domain\n");

            // A second vCPU is plugged into QEMU: its thread shows up beside the first.
            await Expect.StdoutAsync(daemon.Scope.StrataAsync("setvcpus", "live", "2"), "\n");
            await Expect.StdoutAsync(daemon.VirshAsync("vcpucount", "live"),
                "maximum      config         2\nmaximum      live           2\ncurrent      config         1\ncurrent      live           2\n\n");
            string vcpus = await Expect.SuccessAsync(daemon.VirshAsync("vcpuinfo", "live"));
            Assert.Contains("VCPU:           1\n", vcpus, StringComparison.Ordinal);
            Assert.Contains("vcpu.current=2", await Expect.SuccessAsync(daemon.VirshAsync("domstats", "--vcpu", "live")), StringComparison.Ordinal);
            await Expect.FailureAsync(daemon.VirshAsync("setvcpus", "live", "3", "--live"),
                "error: invalid argument: requested vcpus is greater than max allowable vcpus for the live domain: 3 > 2\n");
            // Not out again while it runs (QEMU 7.2 under TCG crashes after a vCPU unplug): refused, and the guest keeps both.
            var unplug = await daemon.VirshAsync("setvcpus", "live", "1");
            Assert.True(unplug.ExitCode == 1 && unplug.Stderr.Contains("vCPUs are not unplugged from a running guest", StringComparison.Ordinal), unplug.ToString());
            Assert.Equal("2\n\n", await Expect.SuccessAsync(daemon.Scope.StrataAsync("vcpucount", "live", "--live", "--active")));

            // A disk plugged in while the guest runs: QEMU has it, the guest sees it (as its first virtio disk, vda: the
            // guest names disks in the order it finds them), and it goes again when detached.
            string disk = daemon.Scope.File("late.img");
            await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);
            await Expect.StdoutAsync(daemon.VirshAsync("attach-disk", "live", disk, "vdb"), "Disk attached successfully\n\n");
            await Expect.StdoutAsync(daemon.Scope.StrataAsync("domblklist", "live"), $" Target   Source\n{new string('-', 12 + disk.Length)}\n vdb      {disk}\n\n");
            await Expect.StdoutAsync(daemon.VirshAsync("domblklist", "live", "--inactive"), " Target   Source\n------------------\n\n");
            Assert.Equal("2048\n", await GuestWhenReadyAsync(port, guest.SshKey, Within30s("-e /sys/block/vda") + "cat /sys/block/vda/size"));
            await Expect.FailureAsync(daemon.VirshAsync("attach-disk", "live", daemon.Scope.File("missing.img"), "vdc"),
                $"error: Failed to attach disk\nerror: Cannot access storage file '{daemon.Scope.File("missing.img")}': No such file or directory\n");
            var twice = await daemon.VirshAsync("attach-disk", "live", disk, "vdc"); // the image is in use: QEMU refuses, nothing is left behind
            Assert.True(twice.ExitCode == 1 && twice.Stderr.Contains("Failed to get \"write\" lock", StringComparison.Ordinal), twice.ToString());
            string other = daemon.Scope.File("other.img");
            await File.WriteAllBytesAsync(other, new byte[512 * 1024]);
            await Expect.StdoutAsync(daemon.VirshAsync("attach-disk", "live", other, "vdc"), "Disk attached successfully\n\n");
            await Expect.StdoutAsync(daemon.VirshAsync("detach-disk", "live", "vdc"), "Disk detached successfully\n\n");
            await Expect.StdoutAsync(daemon.Scope.StrataAsync("detach-disk", "live", "vdb"), "Disk detached successfully\n\n");
            await Expect.StdoutAsync(daemon.VirshAsync("domblklist", "live"), " Target   Source\n------------------\n\n");
            Assert.Equal("gone\n", await GuestWhenReadyAsync(port, guest.SshKey, Within30s("! -e /sys/block/vda") + "test -e /sys/block/vda || echo gone"));
            await Expect.StdoutAsync(daemon.VirshAsync("attach-disk", "live", disk, "vdb", "--persistent"), "Disk attached successfully\n\n");
            Assert.Contains($" vdb      {disk}\n", await Expect.SuccessAsync(daemon.VirshAsync("domblklist", "live", "--inactive")), StringComparison.Ordinal);
        }
        finally
        {
            await daemon.VirshAsync("destroy", "live");
        }
        // The next boot has what the definition says: one vCPU of two, 256 MiB, the disk attached with --persistent.
        Assert.Contains("CPU(s):         1\n", await Expect.SuccessAsync(daemon.VirshAsync("dominfo", "live")), StringComparison.Ordinal);
    }

    /// <summary>Waits (up to 30 s) until the guest has given its balloon what it was asked for, as QEMU reports it.</summary>
    private static async Task BalloonReachesAsync(DaemonScope daemon, string kib)
    {
        string stats = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            stats = await Expect.SuccessAsync(daemon.VirshAsync("domstats", "--balloon", "live"));
            if (stats.Contains($"balloon.current={kib}\n", StringComparison.Ordinal))
                return;
        }
        Assert.Fail($"the balloon did not reach {kib} KiB:\n{stats}");
    }

    /// <summary>A shell loop that waits up to 30 s for a test to hold in the guest (the kernel takes a hot-plugged device in its own time).</summary>
    private static string Within30s(string test) => $"i=0; while ! [ {test} ] && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done; ";

    /// <summary>A command's output in the guest over ssh, once its ssh server answers.</summary>
    private static async Task<string> GuestWhenReadyAsync(int port, string key, string command)
    {
        await GuestSsh.WaitForBannerAsync(port, Boot);
        var result = await GuestSsh.RunAsync(port, key, command);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }
}
