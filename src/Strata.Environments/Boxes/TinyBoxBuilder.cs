using System.IO.Compression;

namespace Strata.Environments.Boxes;

/// <summary>
/// Builds one generation of the tiny box offline from Debian packages: the cloud kernel (downloaded once), an
/// initramfs (busybox and the virtio modules, packed with cpio) and an ext4 root disk made with <c>mke2fs -d</c>
/// from a folder, so nothing is ever mounted. Everything is made in a temp folder and renamed into place.
/// </summary>
internal static class TinyBoxBuilder
{
    /// <summary>Bump when the layout of the disk or initramfs changes in a way the scripts and lists here do not show.</summary>
    private const string LayoutVersion = "1";

    public const string InitramfsInit = "initramfs-init";
    public const string RootInit = "root-init";
    public const string PowerButton = "power-button";

    /// <summary>The root disk's size; the file is sparse, and machines' overlays grow only with what they write.</summary>
    private const string RootDiskSize = "2G";

    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;   // 0755
    private const UnixFileMode Readable = (UnixFileMode)0b110_100_100;     // 0644
    private const UnixFileMode Private = (UnixFileMode)0b111_000_000;      // 0700

    /// <summary>
    /// Kernel modules the initramfs loads, relative to the modules' kernel/ folder, dependencies first. Those built into
    /// the kernel (ext4 and its helpers in Debian's cloud kernel) are skipped.
    /// </summary>
    private static readonly string[] Modules =
    [
        "drivers/virtio/virtio_ring", "drivers/virtio/virtio", "drivers/virtio/virtio_pci_legacy_dev",
        "drivers/virtio/virtio_pci_modern_dev", "drivers/virtio/virtio_pci", "drivers/virtio/virtio_mmio",
        "net/core/failover", "drivers/net/net_failover", "drivers/net/virtio_net",
        "drivers/char/hw_random/virtio-rng", "drivers/block/virtio_blk", "drivers/char/virtio_console",
        "drivers/acpi/button", "drivers/input/evdev",
        "lib/crc16", "crypto/crc32c_generic", "fs/mbcache", "fs/jbd2/jbd2", "fs/ext4/ext4",
    ];

    /// <summary>Host programs the root disk carries with their libraries: ssh server, its key maker, and rsync for synced folders.</summary>
    private static readonly string[] Programs = ["/usr/sbin/dropbear", "/usr/bin/dropbearkey", "/usr/bin/rsync"];

    /// <summary>OpenSSH's SFTP server, which scp (SFTP by default since OpenSSH 9) and sftp need; dropbear runs it from here.</summary>
    private const string HostSftpServer = "/usr/lib/openssh/sftp-server";
    private const string GuestSftpServer = "/usr/lib/sftp-server";

    /// <summary>What a generation is made from, besides the guest scripts: a change here makes a new generation.</summary>
    public static string Recipe =>
        string.Join('\n', [LayoutVersion, RootDiskSize, HostSftpServer, .. Modules, .. Programs]);

    public static async Task BuildAsync(string storeRoot, string boxDirectory, string generation, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        foreach (string stale in Directory.EnumerateDirectories(boxDirectory, ".build-*"))
            Directory.Delete(stale, recursive: true); // left by a killed build; the lock says none is running
        string work = Directory.CreateDirectory(Path.Combine(boxDirectory, $".build-{Guid.NewGuid():N}")).FullName;
        try
        {
            string deb = await DebianKernel.DownloadAsync(Path.Combine(storeRoot, ".debs"), progress, cancellationToken).ConfigureAwait(false);
            progress?.Report($"unpacking {Path.GetFileName(deb)}");
            var kernel = await DebianKernel.ExtractAsync(deb, Path.Combine(work, "kernel"), cancellationToken).ConfigureAwait(false);
            string output = Directory.CreateDirectory(Path.Combine(work, generation)).FullName;

            await KernelCache.LinkIntoAsync(Path.Combine(storeRoot, ".kernels"), deb, kernel, output, progress, cancellationToken).ConfigureAwait(false);

            progress?.Report("making the initramfs");
            var initramfs = new GuestTree(Path.Combine(work, "initramfs"));
            await FillInitramfsAsync(initramfs, kernel, progress, cancellationToken).ConfigureAwait(false);
            await PackCpioAsync(initramfs, Path.Combine(output, TinyBox.InitrdFile), cancellationToken).ConfigureAwait(false);

            progress?.Report("making the root disk");
            var root = new GuestTree(Path.Combine(work, "root"));
            await FillRootAsync(root, cancellationToken).ConfigureAwait(false);
            await SystemTool.RunAsync("mke2fs",
            [
                "-q", "-F", "-t", "ext4", "-L", TinyBox.DiskLabel, "-d", root.Root,
                // The new file is sparse, so its unwritten inode tables and journal already read as zeros: writing
                // them would only take space (and the guest mounts with noinit_itable so as not to zero them either).
                "-E", "lazy_itable_init=1,lazy_journal_init=1,nodiscard,root_owner=0:0",
                Path.Combine(output, TinyBox.RootDiskFile), RootDiskSize,
            ], cancellationToken).ConfigureAwait(false);

            Directory.Move(output, Path.Combine(boxDirectory, generation));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task FillInitramfsAsync(GuestTree tree, DebianKernel kernel, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        tree.Directories("/dev", "/proc", "/sys", "/newroot", "/lib/modules");
        await tree.AddBusyboxAsync(cancellationToken).ConfigureAwait(false);
        tree.Link("/sbin", "bin");
        // Flat, so that init needs no depmod or modprobe.
        foreach (string module in Modules)
        {
            string file = Path.Combine(kernel.ModulesDir, "kernel", module + ".ko");
            if (File.Exists(file))
                tree.CopyFromHost(file, "/lib/modules/" + Path.GetFileName(file));
            else if (!kernel.IsBuiltIn(module))
                progress?.Report($"warning: kernel {kernel.Release} has no module {module}");
        }
        await tree.WriteAsync("/init", TinyBox.Script(InitramfsInit), Executable, cancellationToken).ConfigureAwait(false);
        await AddConsoleNodesAsync(tree, cancellationToken).ConfigureAwait(false);
    }

    private static async Task FillRootAsync(GuestTree tree, CancellationToken cancellationToken)
    {
        tree.Directories("/dev", "/proc", "/sys", "/run", "/tmp", "/var/log", "/var/tmp", "/mnt", "/home", "/etc/dropbear", "/etc/acpi/PWRF", "/root/.ssh");
        await tree.AddBusyboxAsync(cancellationToken).ConfigureAwait(false);
        tree.Link("/sbin", "bin");
        tree.Link("/usr/bin", "../bin");
        tree.Link("/usr/sbin", "../bin");
        tree.Link("/var/run", "../run");
        foreach (string program in Programs)
            await tree.AddProgramAsync(program, cancellationToken).ConfigureAwait(false);
        await tree.AddProgramAsync(HostSftpServer, cancellationToken).ConfigureAwait(false);
        tree.Link(GuestSftpServer, "openssh/sftp-server");

        await tree.WriteAsync("/bin/strata-init", TinyBox.Script(RootInit), Executable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/acpi/PWRF/00000080", TinyBox.Script(PowerButton), Executable, cancellationToken).ConfigureAwait(false);
        // busybox acpid turns the power button's KEY_POWER into the event PWRF and runs the script of that name.
        await tree.WriteAsync("/etc/acpid.conf", "PWRF PWRF/00000080\n", Readable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", Readable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/group", "root:x:0:\ntty:x:5:\n", Readable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/shells", "/bin/sh\n/bin/ash\n", Readable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/profile", "export PATH=/bin\nexport PS1='\\h:\\w# '\n", Readable, cancellationToken).ConfigureAwait(false);
        await tree.WriteAsync("/etc/hostname", TinyBox.Name + "\n", Readable, cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(tree.PathOf("/root"), Private);
        File.SetUnixFileMode(tree.PathOf("/root/.ssh"), Private);
        File.SetUnixFileMode(tree.PathOf("/tmp"), (UnixFileMode)0b1_111_111_111); // 1777
        if (!Environment.IsPrivilegedProcess)
        {
            // mke2fs -d keeps the owners of the files it copies: the initramfs makes them root's on first boot.
            await tree.WriteAsync("/.strata-chown", "", Readable, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>/dev/console and /dev/null, so the kernel has a console before init runs; only root can make them (init copes without).</summary>
    private static async Task AddConsoleNodesAsync(GuestTree tree, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
            return;
        await SystemTool.RunAsync("mknod", ["-m", "0600", tree.PathOf("/dev/console"), "c", "5", "1"], cancellationToken).ConfigureAwait(false);
        await SystemTool.RunAsync("mknod", ["-m", "0666", tree.PathOf("/dev/null"), "c", "1", "3"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Packs the tree as a gzip-compressed newc cpio archive, every file owned by root.</summary>
    private static async Task PackCpioAsync(GuestTree tree, string output, CancellationToken cancellationToken)
    {
        using var list = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await tree.ListAsync(cancellationToken).ConfigureAwait(false)));
        await using var file = new FileStream(output, FileMode.CreateNew, FileAccess.Write);
        await using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        await SystemTool.PipeAsync("cpio", ["--quiet", "-o", "-H", "newc", "-R", "0:0"], list, gzip, cancellationToken, tree.Root).ConfigureAwait(false);
    }
}
