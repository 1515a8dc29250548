using Strata.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Pools;

/// <summary>virsh's vol-* commands through the strata CLI, checked against the files and against qemu-img.</summary>
[Trait("Category", "Cli")]
public sealed class VolumeCliSpecs
{
    private const ulong MiB = 1024 * 1024;

    [Fact]
    public async Task VolumesWithABackingVolumeAreCreatedListedAndInspected()
    {
        await using var scope = QemuScope.Create();
        string dir = await scope.StartPoolAsync("p");
        string basePath = Path.Combine(dir, "base.img"), topPath = Path.Combine(dir, "top.qcow2");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "p", "base.img", "16M", "--format", "raw"), "Vol base.img created\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "p", "top.qcow2", "32MiB", "--format", "qcow2", "--backing-vol", "base.img", "--backing-vol-format", "raw"),
            "Vol top.qcow2 created\n\n");

        // A raw volume is allocated up front, as libvirt's; files are the owner's only.
        Assert.Equal((long)(16 * MiB), new FileInfo(basePath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(topPath));
        var qemuImg = await ProcessRunner.RunAsync("qemu-img", ["info", "--output", "json", topPath]);
        Assert.Contains($"\"backing-filename\": \"{basePath}\"", qemuImg.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"backing-filename-format\": \"raw\"", qemuImg.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\"virtual-size\": {32 * MiB}", qemuImg.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await ProcessRunner.RunAsync("qemu-img", ["check", topPath])).ExitCode);

        int width = topPath.Length;
        await Expect.StdoutAsync(scope.StrataAsync("vol-list", "p"),
            " Name        Path\n" + new string('-', 1 + 9 + 3 + width + 2) + "\n" +
            $" base.img    {basePath}\n top.qcow2   {topPath}\n\n");
        var details = (await scope.StrataAsync("vol-list", "--details", "p")).Stdout.Split('\n');
        Assert.Equal(" Name        Path" + new string(' ', width - 1) + "Type   Capacity    Allocation", details[0]);
        Assert.Equal($" base.img    {basePath}    file   16.00 MiB   16.00 MiB", details[2]);
        Assert.StartsWith($" top.qcow2   {topPath}   file   32.00 MiB   ", details[3], StringComparison.Ordinal);

        await Expect.StdoutAsync(scope.StrataAsync("vol-info", "--pool", "p", "base.img"),
            "Name:           base.img\nType:           file\nCapacity:       16.00 MiB\nAllocation:     16.00 MiB\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-info", "--bytes", topPath),
            $"Name:           top.qcow2\nType:           file\nCapacity:       {32 * MiB} bytes\nAllocation:     {new FileInfo(topPath).Length} bytes\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-path", "--pool", "p", "top.qcow2"), topPath + "\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-key", "--pool", "p", "top.qcow2"), topPath + "\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-name", topPath), "top.qcow2\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-pool", topPath), "p\n\n");

        string xml = (await scope.StrataAsync("vol-dumpxml", "--pool", "p", "top.qcow2")).Stdout;
        Assert.StartsWith($"<volume type='file'>\n  <name>top.qcow2</name>\n  <key>{topPath}</key>\n  <capacity unit='bytes'>{32 * MiB}</capacity>\n", xml, StringComparison.Ordinal);
        Assert.Contains($"  <target>\n    <path>{topPath}</path>\n    <format type='qcow2'/>\n    <permissions>\n      <mode>0600</mode>\n", xml, StringComparison.Ordinal);
        Assert.Contains($"  <backingStore>\n    <path>{basePath}</path>\n    <format type='raw'/>\n", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVolumeIsCreatedFromVolumeXml()
    {
        await using var scope = QemuScope.Create();
        string dir = await scope.StartPoolAsync("p");
        string file = scope.File("vol.xml");
        await File.WriteAllTextAsync(file, """
            <volume>
              <name>fromxml.qcow2</name>
              <capacity unit='M'>8</capacity>
              <target><format type='qcow2'/></target>
            </volume>
            """);
        await Expect.StdoutAsync(scope.StrataAsync("vol-create", "p", file), $"Vol fromxml.qcow2 created from {file}\n\n");
        using var image = DiskImage.Open(Path.Combine(dir, "fromxml.qcow2"));
        Assert.Equal(ImageFormat.Qcow2, image.Format);
        Assert.Equal((long)(8 * MiB), image.VirtualSize);

        await File.WriteAllTextAsync(file, "<volume><name>bad</name><capacity>1</capacity><target><format type='raw'/><compat>1.1</compat></target></volume>");
        await Expect.FailureAsync(scope.StrataAsync("vol-create", "p", file),
            $"error: Failed to create vol from {file}\nerror: unsupported configuration: element <compat> in <target> is not supported\n");
        Assert.False(File.Exists(Path.Combine(dir, "bad")));
    }

    [Fact]
    public async Task VolumesAreResizedClonedWipedUploadedAndDownloaded()
    {
        await using var scope = QemuScope.Create();
        string dir = await scope.StartPoolAsync("p");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "p", "base", "4M", "--allocation", "0"), "Vol base created\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "p", "top", "4M", "--format", "qcow2", "--backing-vol", Path.Combine(dir, "base")),
            "Vol top created\n\n");

        // Upload puts bytes into the volume file; the overlay then reads them through its backing file.
        byte[] data = new byte[4 * MiB];
        new Random(7).NextBytes(data);
        string upload = scope.File("upload.bin");
        await File.WriteAllBytesAsync(upload, data);
        await Expect.StdoutAsync(scope.StrataAsync("vol-upload", "--pool", "p", "base", upload), "\n");
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(dir, "base")));
        string download = scope.File("download.bin");
        await Expect.StdoutAsync(scope.StrataAsync("vol-download", "--pool", "p", "base", download, "--offset", "1M", "--length", "1024"), "\n");
        Assert.Equal(data.AsSpan((int)MiB, 1024).ToArray(), await File.ReadAllBytesAsync(download));

        await Expect.StdoutAsync(scope.StrataAsync("vol-clone", "--pool", "p", "top", "copy"), "Vol copy cloned from top\n\n");
        using (var copy = DiskImage.Open(Path.Combine(dir, "copy")))
        {
            Assert.Null(copy.Backing); // the clone stands alone
            byte[] read = new byte[data.Length];
            await copy.ReadAsync(0, read);
            Assert.Equal(data, read);
        }

        await Expect.StdoutAsync(scope.StrataAsync("vol-resize", "--pool", "p", "top", "8M"), "Size of volume 'top' successfully changed to 8M\n\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-resize", "--pool", "p", "top", "1M", "--delta"), "Size of volume 'top' successfully changed to 1M\n\n");
        Assert.Contains("Capacity:       9.00 MiB", (await scope.StrataAsync("vol-info", "--pool", "p", "top")).Stdout, StringComparison.Ordinal);
        await Expect.FailureAsync(scope.StrataAsync("vol-resize", "--pool", "p", "top", "2M"),
            "error: Failed to change size of volume 'top' to 2M\nerror: invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-resize", "--pool", "p", "top", "2M", "--shrink"),
            "error: Failed to change size of volume 'top' to 2M\nerror: unsupported configuration: shrinking a qcow2 volume is not supported\n");
        await Expect.StdoutAsync(scope.StrataAsync("vol-resize", "--pool", "p", "base", "2M", "--shrink"), "Size of volume 'base' successfully changed to 2M\n\n");
        Assert.Equal(2 * (long)MiB, new FileInfo(Path.Combine(dir, "base")).Length);
        Assert.Equal(0, (await ProcessRunner.RunAsync("qemu-img", ["check", Path.Combine(dir, "top")])).ExitCode);

        await Expect.StdoutAsync(scope.StrataAsync("vol-wipe", "--pool", "p", "copy"), "Vol copy wiped\n\n");
        using (var wiped = DiskImage.Open(Path.Combine(dir, "copy")))
        {
            byte[] read = new byte[data.Length];
            await wiped.ReadAsync(0, read);
            Assert.All(read, b => Assert.Equal(0, b));
            Assert.Equal(data.Length, wiped.VirtualSize);
        }
        await Expect.FailureAsync(scope.StrataAsync("vol-wipe", "--pool", "p", "copy", "--algorithm", "dod"),
            "error: Failed to wipe vol copy\nerror: unsupported configuration: wiping algorithm 'dod' is not supported (only 'zero' is)\n");

        await Expect.StdoutAsync(scope.StrataAsync("vol-delete", "--pool", "p", "copy"), "Vol copy deleted\n\n");
        Assert.False(File.Exists(Path.Combine(dir, "copy")));
        await Expect.StdoutAsync(scope.StrataAsync("vol-list", "p"),
            " Name   Path\n" + new string('-', 1 + 4 + 3 + Path.Combine(dir, "base").Length + 2) + $"\n base   {dir}/base\n top    {dir}/top\n\n");
    }

    [Fact]
    public async Task BadNamesMissingVolumesAndInactivePoolsAreRefused()
    {
        await using var scope = QemuScope.Create();
        string dir = await scope.StartPoolAsync("p");
        await Expect.StdoutAsync(scope.StrataAsync("vol-create-as", "p", "disk", "1M"), "Vol disk created\n\n");

        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "a/b", "1M"),
            "error: Failed to create vol a/b\nerror: Requested operation is not valid: volume name 'a/b' cannot contain '/'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "..", "1M"),
            "error: Failed to create vol ..\nerror: Requested operation is not valid: volume name '..' is not allowed\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "", "1M"), "error: Failed to get option 'name': Option argument is empty\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "disk", "1M"),
            "error: Failed to create vol disk\nerror: storage volume 'disk' exists already\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "x", "1M", "--format", "vmdk2"),
            "error: Failed to create vol x\nerror: unsupported configuration: unknown volume format type vmdk2\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "x", "1Q"), "error: Malformed size 1Q\nerror: invalid argument: unknown suffix 'Q'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "p", "x", "1M", "--backing-vol", "disk"),
            "error: Failed to create vol x\nerror: unsupported configuration: a raw volume cannot have a backing store (use format 'qcow2')\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-create-as", "nopool", "x", "1M"),
            "error: failed to get pool 'nopool'\nerror: Storage pool not found: no storage pool with matching name 'nopool'\n");
        Assert.Equal(["disk"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));

        await Expect.FailureAsync(scope.StrataAsync("vol-info", "--pool", "p", "nope"),
            "error: failed to get vol 'nope'\nerror: Storage volume not found: no storage vol with matching path 'nope'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-delete", "disk"),
            "error: failed to get vol 'disk', specifying --pool might help\nerror: Storage volume not found: no storage vol with matching path 'disk'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-path", "--pool", "p", "../p/disk"),
            "error: failed to get vol '../p/disk'\nerror: Storage volume not found: no storage vol with matching path '../p/disk'\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-list", "nopool"),
            "error: failed to get pool 'nopool'\nerror: Storage pool not found: no storage pool with matching name 'nopool'\n");

        await Expect.StdoutAsync(scope.StrataAsync("pool-destroy", "p"), "Pool p destroyed\n\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-list", "p"),
            "error: Failed to list volumes\nerror: Requested operation is not valid: storage pool 'p' is not active\n");
        await Expect.FailureAsync(scope.StrataAsync("vol-info", Path.Combine(dir, "disk")),
            $"error: failed to get vol '{dir}/disk', specifying --pool might help\nerror: Storage volume not found: no storage vol with matching path '{dir}/disk'\n");
        Assert.True(File.Exists(Path.Combine(dir, "disk")), "stopping a pool leaves its volumes");
    }
}
