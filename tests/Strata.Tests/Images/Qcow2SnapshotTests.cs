using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Internal snapshots made, applied and deleted by Strata are what qemu-img sees, and the other way round.</summary>
public class Qcow2SnapshotTests
{
    private const int Size = 2 * 1024 * 1024;

    private static byte[] Pattern(byte value) => Enumerable.Repeat(value, Size).ToArray();

    [Fact]
    public async Task ASnapshotKeepsTheOldContentWhileTheDiskChangesAndQemuImgReadsIt()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("snap.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = Size, ClusterSize = 4096 });
        byte[] before = Pattern(0x11);
        before.AsSpan(Size - 4096).Clear();
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(0, before.AsMemory(0, Size - 4096));
            await image.CreateSnapshotAsync("before");
            await image.WriteAsync(5000, new byte[] { 1, 2, 3 });
            await image.WriteAsync(Size - 100, new byte[] { 4 });
            Assert.True((await image.CheckAsync()).IsClean, string.Join('\n', (await image.CheckAsync()).Problems));
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        var list = await ImageScratch.QemuImgAsync("snapshot", "-l", path);
        Assert.Contains("before", list.Stdout, StringComparison.Ordinal);

        string old = scratch.File("old.raw");
        await ImageScratch.QemuImgOkAsync("convert", "-f", "qcow2", "-O", "raw", "-l", "snapshot.name=before", path, old);
        Assert.Equal(before, await File.ReadAllBytesAsync(old));

        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            Assert.Equal("before", Assert.Single(image.GetInfo().Snapshots).Name);
            await image.ApplySnapshotAsync("before");
            Assert.Equal(before, await ImageScratch.ReadAllAsync(image));
            Assert.True((await image.CheckAsync()).IsClean);
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);

        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.DeleteSnapshotAsync("1");
            Assert.Empty(image.GetInfo().Snapshots);
            Assert.Equal(before, await ImageScratch.ReadAllAsync(image));
            var check = await image.CheckAsync();
            Assert.True(check.IsClean, string.Join('\n', check.Problems));
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
    }

    [Fact]
    public async Task QemuSnapshotsCanBeAppliedDeletedAndWrittenAround()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("q.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "2M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 1 0 2M");
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "one", path);
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 2 0 1M");
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "two", path);
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 3 0 64k");

        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(1024 * 1024, new byte[] { 9 }); // copy-on-write of a cluster both snapshots share
            await image.ApplySnapshotAsync("one");
            Assert.Equal(Pattern(1), await ImageScratch.ReadAllAsync(image));
            await image.DeleteSnapshotAsync("two");
            await image.CreateSnapshotAsync("three");
            Assert.Equal(["one", "three"], image.GetInfo().Snapshots.Select(s => s.Name));
            var check = await image.CheckAsync();
            Assert.True(check.IsClean, string.Join('\n', check.Problems));
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        await ImageScratch.QemuIoAsync(path, "qcow2", "read -P 1 0 2M");
        await ImageScratch.QemuImgOkAsync("snapshot", "-d", "three", path);
        await ImageScratch.QemuImgOkAsync("snapshot", "-a", "one", path);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
    }

    [Fact]
    public async Task SnapshotsOnRawImagesAndUnknownNamesAreRefused()
    {
        using var scratch = new ImageScratch();
        string raw = scratch.File("disk.raw");
        DiskImage.Create(raw, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        using (var image = DiskImage.Open(raw, new ImageOpenOptions { ReadOnly = false }))
            await Assert.ThrowsAsync<OperationInvalidException>(async () => await image.CreateSnapshotAsync("x"));
        string path = scratch.File("disk.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = 1 << 20 });
        using var qcow2 = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        await Assert.ThrowsAsync<OperationInvalidException>(async () => await qcow2.ApplySnapshotAsync("missing"));
        await qcow2.CreateSnapshotAsync("x");
        await Assert.ThrowsAsync<OperationInvalidException>(async () => await qcow2.CreateSnapshotAsync("x"));
    }
}
