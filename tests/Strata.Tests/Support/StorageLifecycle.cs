using System.Text.RegularExpressions;

namespace Strata.Tests.Support;

/// <summary>
/// One directory pool's whole life through a virsh-shaped client (real virsh or strata, whatever daemon is
/// behind it): define, build, start, volumes with a backing volume, listing and inspection, resize, clone, wipe,
/// upload and download, delete, destroy, undefine. Every output is checked, and the files against qemu-img. The pool is destroyed and
/// undefined even when a step fails (a real libvirtd keeps its definitions in the host's /etc).
/// </summary>
internal static class StorageLifecycle
{
    private const ulong MiB = 1024 * 1024;

    public static async Task RunAsync(Func<string[], Task<ProcessResult>> client, string pool, string target)
    {
        Task<ProcessResult> Run(params string[] args) => client(args);
        string basePath = Path.Combine(target, "base.img"), topPath = Path.Combine(target, "top.qcow2"), copyPath = Path.Combine(target, "copy.img");

        await Expect.StdoutAsync(Run("pool-define-as", pool, "dir", "--target", target), $"Pool {pool} defined\n\n");
        try
        {
            Assert.Matches($@"\n {Regex.Escape(pool)} +inactive +no\n", (await Run("pool-list", "--all")).Stdout);
            await Expect.StdoutAsync(Run("pool-build", pool), $"Pool {pool} built\n\n");
            Assert.True(Directory.Exists(target));
            await Expect.StdoutAsync(Run("pool-start", pool), $"Pool {pool} started\n\n");
            Assert.Matches($@"\n {Regex.Escape(pool)} +active +no\n", (await Run("pool-list")).Stdout);
            string uuid = (await Run("pool-uuid", pool)).Stdout.Trim();
            Assert.True(Guid.TryParse(uuid, out _), uuid);
            var info = await Run("pool-info", "--bytes", pool);
            Assert.StartsWith($"Name:           {pool}\nUUID:           {uuid}\nState:          running\nPersistent:     yes\nAutostart:      no\nCapacity:       ", info.Stdout, StringComparison.Ordinal);
            Assert.Contains($"<name>{pool}</name>\n  <uuid>{uuid}</uuid>", (await Run("pool-dumpxml", pool)).Stdout, StringComparison.Ordinal);
            Assert.Contains($"<path>{target}</path>", (await Run("pool-dumpxml", "--inactive", pool)).Stdout, StringComparison.Ordinal);

            await Expect.StdoutAsync(Run("vol-create-as", pool, "base.img", "16M"), "Vol base.img created\n\n");
            await Expect.StdoutAsync(Run("vol-create-as", pool, "top.qcow2", "32M", "--format", "qcow2", "--backing-vol", "base.img", "--backing-vol-format", "raw"),
                "Vol top.qcow2 created\n\n");
            var image = await ProcessRunner.RunAsync("qemu-img", ["info", "--output", "json", topPath]);
            Assert.Contains($"\"backing-filename\": \"{basePath}\"", image.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"backing-filename-format\": \"raw\"", image.Stdout, StringComparison.Ordinal);
            Assert.Contains($"\"virtual-size\": {32 * MiB}", image.Stdout, StringComparison.Ordinal);

            var details = (await Run("vol-list", pool, "--details")).Stdout;
            Assert.Matches($@"\n base\.img +{Regex.Escape(basePath)} +file +16\.00 MiB +16\.00 MiB\n", details);
            Assert.Matches($@"\n top\.qcow2 +{Regex.Escape(topPath)} +file +32\.00 MiB +[0-9.]+ KiB\n", details);
            Assert.Matches(@"^Name:           top\.qcow2\nType:           file\nCapacity:       32\.00 MiB\nAllocation:     [0-9.]+ KiB\n\n$",
                (await Run("vol-info", "--pool", pool, "top.qcow2")).Stdout);
            await Expect.StdoutAsync(Run("vol-path", "--pool", pool, "top.qcow2"), topPath + "\n\n");
            await Expect.StdoutAsync(Run("vol-pool", topPath), pool + "\n\n");
            string xml = (await Run("vol-dumpxml", "--pool", pool, "top.qcow2")).Stdout;
            Assert.StartsWith($"<volume type='file'>\n  <name>top.qcow2</name>\n  <key>{topPath}</key>\n  <capacity unit='bytes'>{32 * MiB}</capacity>\n", xml, StringComparison.Ordinal);
            Assert.Contains($"  <target>\n    <path>{topPath}</path>\n    <format type='qcow2'/>\n", xml, StringComparison.Ordinal);
            Assert.Contains($"  <backingStore>\n    <path>{basePath}</path>\n    <format type='raw'/>\n", xml, StringComparison.Ordinal);

            await Expect.StdoutAsync(Run("vol-resize", "--pool", pool, "top.qcow2", "64M"), "Size of volume 'top.qcow2' successfully changed to 64M\n\n");
            Assert.Contains($"Capacity:       {64 * MiB} bytes\n", (await Run("vol-info", "--bytes", topPath)).Stdout, StringComparison.Ordinal);
            await Expect.StdoutAsync(Run("vol-clone", "--pool", pool, "base.img", "copy.img"), "Vol copy.img cloned from base.img\n\n");
            Assert.Equal(new FileInfo(basePath).Length, new FileInfo(copyPath).Length);
            await Expect.StdoutAsync(Run("vol-wipe", "--pool", pool, "copy.img"), "Vol copy.img wiped\n\n");

            // The bytes of a volume, both ways (a libvirt stream through a daemon): more than one packet's worth, at an offset.
            byte[] data = new byte[300_001];
            new Random(7).NextBytes(data);
            string upload = Path.Combine(Path.GetDirectoryName(target)!, pool + ".upload"), download = Path.Combine(Path.GetDirectoryName(target)!, pool + ".download");
            await File.WriteAllBytesAsync(upload, data);
            await Expect.StdoutAsync(Run("vol-upload", "--pool", pool, "copy.img", upload, "--offset", "4096"), "\n");
            Assert.True((await File.ReadAllBytesAsync(copyPath)).AsSpan(4096, data.Length).SequenceEqual(data), "the uploaded bytes are in the volume");
            await Expect.StdoutAsync(Run("vol-download", "--pool", pool, "copy.img", download, "--offset", "4096", "--length", data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), "\n");
            Assert.Equal(data, await File.ReadAllBytesAsync(download));

            await Expect.StdoutAsync(Run("vol-delete", "--pool", pool, "top.qcow2"), "Vol top.qcow2 deleted\n\n");
            await Expect.StdoutAsync(Run("vol-delete", copyPath), $"Vol {copyPath} deleted\n\n");
            Assert.False(File.Exists(topPath) || File.Exists(copyPath));
            await Expect.StdoutAsync(Run("vol-list", pool), $" Name       Path\n{new string('-', 1 + 8 + 3 + basePath.Length + 2)}\n base.img   {basePath}\n\n");

            await Expect.StdoutAsync(Run("pool-destroy", pool), $"Pool {pool} destroyed\n\n");
            Assert.Matches($@"\n {Regex.Escape(pool)} +inactive +no\n", (await Run("pool-list", "--all")).Stdout);
            await Expect.StdoutAsync(Run("pool-undefine", pool), $"Pool {pool} has been undefined\n\n");
            Assert.DoesNotContain($" {pool} ", (await Run("pool-list", "--all")).Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(basePath), "undefining a pool leaves its volumes");
        }
        finally
        {
            await Run("pool-destroy", pool);
            await Run("pool-undefine", pool);
        }
    }
}
