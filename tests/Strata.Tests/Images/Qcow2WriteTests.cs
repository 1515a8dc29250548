using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Writes that force new metadata: refcount blocks, a larger refcount table, L2 tables, writes past a short backing file.</summary>
public class Qcow2WriteTests
{
    [Fact]
    public async Task FillingASmallClusterImageGrowsTheRefcountTableAndQemuImgAgrees()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("small.qcow2");
        const long size = 12 * 1024 * 1024; // 512-byte clusters: one refcount table cluster covers only 8 MiB of file
        DiskImage.Create(path, new ImageCreateOptions { Size = size, ClusterSize = 512 });
        byte[] model = new byte[size];
        new Random(7).NextBytes(model);
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            for (long offset = 0; offset < size; offset += 1024 * 1024)
                await image.WriteAsync(offset, model.AsMemory((int)offset, 1024 * 1024));
            await image.FlushAsync();
            Assert.True((await image.CheckAsync()).IsClean);
        }
        Assert.True(new FileInfo(path).Length > size);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        string expected = scratch.File("expected.raw");
        await File.WriteAllBytesAsync(expected, model);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", path, expected);
    }

    [Fact]
    public async Task WritesIntoAReadOnlyImageAreRefused()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("ro.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = 1 << 20 });
        byte[] before = ImageScratch.Sha(path);
        using var image = DiskImage.Open(path);
        await Assert.ThrowsAsync<OperationInvalidException>(async () => await image.WriteAsync(0, new byte[1]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await image.ReadAsync((1 << 20) - 1, new byte[2]));
        Assert.Equal(before, ImageScratch.Sha(path));
    }

    [Fact]
    public async Task APartialWriteCopiesTheRestOfTheClusterFromTheBackingFile()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.raw");
        await File.WriteAllBytesAsync(basePath, Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 7)).ToArray());
        string overlay = scratch.File("overlay.qcow2");
        DiskImage.Create(overlay, new ImageCreateOptions { Size = 256 * 1024, BackingFile = "base.raw", BackingFormat = ImageFormat.Raw });
        using (var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false }))
            await image.WriteAsync(70_000, new byte[] { 0xFF });

        // Without the backing file the overlay's one cluster must hold the whole cluster, not just the byte.
        using var alone = DiskImage.Open(overlay, new ImageOpenOptions { IgnoreBacking = true });
        byte[] cluster = new byte[65536];
        await alone.ReadAsync(65536, cluster);
        for (int i = 0; i < cluster.Length; i++)
            Assert.Equal(65536 + i == 70_000 ? (byte)0xFF : (byte)((65536 + i) * 7), cluster[i]);
        byte[] untouched = new byte[65536];
        await alone.ReadAsync(0, untouched);
        Assert.All(untouched, b => Assert.Equal(0, b));
    }
}
