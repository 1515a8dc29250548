using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>resize, convert and commit keep the guest's bytes and leave images qemu-img accepts.</summary>
public class ImageOperationsTests
{
    [Theory]
    [InlineData(65536, 3L * 1024 * 1024, 5L * 1024 * 1024)] // the L1 table's cluster has room: only the header changes
    [InlineData(512, 1L * 1024 * 1024, 64L * 1024 * 1024)] // the L1 table moves to a larger place
    public async Task GrowingKeepsDataAndTheNewPartReadsAsZeros(int clusterSize, long size, long grown)
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("grow.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = size, ClusterSize = clusterSize });
        byte[] data = new byte[100_000];
        new Random(3).NextBytes(data);
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(size - data.Length, data);
            await image.ResizeAsync(grown);
            Assert.Equal(grown, image.VirtualSize);
            await image.WriteAsync(grown - 10, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
            await Assert.ThrowsAsync<OperationInvalidException>(async () => await image.ResizeAsync(size));
            Assert.True((await image.CheckAsync()).IsClean);
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        using var reopened = DiskImage.Open(path);
        Assert.Equal(grown, reopened.VirtualSize);
        byte[] all = await ImageScratch.ReadAllAsync(reopened);
        Assert.Equal(data, all.AsSpan((int)(size - data.Length), data.Length).ToArray());
        Assert.False(all.AsSpan((int)size, (int)(grown - size - 10)).ContainsAnyExcept((byte)0));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, all.AsSpan((int)grown - 10).ToArray());
    }

    [Fact]
    public async Task GrowingAnOverlayOverALongerBackingFileReadsZerosWithoutAllocating()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.raw");
        await File.WriteAllBytesAsync(basePath, Enumerable.Repeat((byte)0x55, 2 * 1024 * 1024).ToArray());
        string overlay = scratch.File("overlay.qcow2");
        DiskImage.Create(overlay, new ImageCreateOptions { Size = 1024 * 1024 - 1000, ClusterSize = 4096, BackingFile = "base.raw", BackingFormat = ImageFormat.Raw });
        using (var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.ResizeAsync(3 * 1024 * 1024);
            byte[] all = await ImageScratch.ReadAllAsync(image);
            Assert.False(all.AsSpan(0, 1024 * 1024 - 1000).ContainsAnyExcept((byte)0x55));
            Assert.False(all.AsSpan(1024 * 1024 - 1000).ContainsAnyExcept((byte)0));
            var check = await image.CheckAsync();
            Assert.True(check.IsClean, string.Join('\n', check.Problems));
            Assert.Equal(1, check.AllocatedClusters); // only the partial cluster at the old end holds data
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "read -P 0x55 0 1047576", "read -P 0 1047576 2098152");
    }

    [Fact]
    public async Task GrowingARawImageKeepsItSparse()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("grow.raw");
        DiskImage.Create(path, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        await image.ResizeAsync(1L << 30);
        Assert.Equal(1L << 30, new FileInfo(path).Length);
        Assert.True(image.GetInfo().ActualSize < 1 << 20);
    }

    [Fact]
    public async Task ConvertingAChainToRawAndBackMatchesQemuImgCompareAndStaysSparse()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.qcow2");
        string overlay = scratch.File("overlay.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", basePath, "8M");
        await ImageScratch.QemuIoAsync(basePath, "qcow2", "write -P 0x61 0 1M", "write -P 0x62 6M 100k");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "write -P 0x63 512k 4k", "write -z 6M 64k");

        string raw = scratch.File("flat.raw");
        using (var source = DiskImage.Open(overlay))
            await ImageConverter.ConvertAsync(source, raw, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 0 });
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", overlay, raw);
        Assert.True(ImageScratch.AllocatedBytes(raw) < 2 * 1024 * 1024);

        string back = scratch.File("back.qcow2");
        using (var source = DiskImage.Open(raw))
            await ImageConverter.ConvertAsync(source, back, new ImageCreateOptions { Size = 0, ClusterSize = 4096 });
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", back);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "qcow2", back, overlay);
        using var converted = DiskImage.Open(back);
        var check = await converted.CheckAsync();
        Assert.True(check.IsClean);
        // 1 MiB + 4 KiB-aligned tail of the 100 KiB run (less its zeroed first 64 KiB): zero clusters were not written.
        Assert.True(check.AllocatedClusters <= (1024 * 1024 + 64 * 1024) / 4096, $"{check.AllocatedClusters} clusters");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConvertingAnOddSizedDiskToRawKeepsItsLastBytesAndItsHoles(bool directWrites)
    {
        // 5 MiB + 1 KiB, not a multiple of the 4 KiB that direct writes need: the tail goes the ordinary way.
        using var scratch = new ImageScratch();
        string source = scratch.File("odd.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", source, "5243904");
        await ImageScratch.QemuIoAsync(source, "qcow2", "write -P 0x71 0 300k", "write -P 0x72 5242880 1001");

        string raw = scratch.File("odd.raw");
        using (var image = DiskImage.Open(source))
            await ImageConverter.ConvertAsync(image, raw, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 0 }, new ImageConvertOptions { DirectWrites = directWrites });
        Assert.Equal(5243904, new FileInfo(raw).Length);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", source, raw);
        Assert.True(ImageScratch.AllocatedBytes(raw) < 1024 * 1024, $"{ImageScratch.AllocatedBytes(raw)} bytes allocated");
    }

    [Theory]
    [InlineData(ImageFormat.Raw)]
    [InlineData(ImageFormat.Qcow2)]
    public async Task ConvertingOntoAFilesystemThatRefusesDirectWritesStillCopiesEveryByte(ImageFormat target)
    {
        // tmpfs refuses O_DIRECT: a converter asked for direct writes must notice and write through the page cache instead.
        const string tmpfs = "/dev/shm";
        Assert.True(Directory.Exists(tmpfs), "this test needs a tmpfs at /dev/shm");
        using var scratch = new ImageScratch();
        string source = scratch.File("source.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", source, "8M");
        await ImageScratch.QemuIoAsync(source, "qcow2", "write -P 0x5a 0 1M", "write -P 0xa5 6M 4k");

        string output = Path.Combine(tmpfs, $"strata-convert-{Guid.NewGuid():N}.img");
        try
        {
            using (var image = DiskImage.Open(source))
                await ImageConverter.ConvertAsync(image, output, new ImageCreateOptions { Format = target, Size = 0 }, new ImageConvertOptions { DirectWrites = true });
            await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", target == ImageFormat.Raw ? "raw" : "qcow2", source, output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData(ImageFormat.Raw)]
    [InlineData(ImageFormat.Qcow2)]
    public async Task CommittingAnOverlayPutsItsClustersIntoTheBackingFile(ImageFormat baseFormat)
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.img");
        string overlay = scratch.File("overlay.qcow2");
        DiskImage.Create(basePath, new ImageCreateOptions { Format = baseFormat, Size = 2 * 1024 * 1024 });
        using (var image = DiskImage.Open(basePath, new ImageOpenOptions { ReadOnly = false, Format = baseFormat }))
            await image.WriteAsync(0, Enumerable.Repeat((byte)0x42, 2 * 1024 * 1024).ToArray());
        DiskImage.Create(overlay, new ImageCreateOptions { Size = 3 * 1024 * 1024, ClusterSize = 4096, BackingFile = "base.img", BackingFormat = baseFormat });
        byte[] expected;
        using (var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(5000, new byte[] { 9, 9, 9 });
            await image.WriteAsync(2 * 1024 * 1024 + 10, new byte[] { 8 });
            expected = await ImageScratch.ReadAllAsync(image);
        }

        await ImageCommitter.CommitAsync(overlay);

        using var committed = DiskImage.Open(basePath, new ImageOpenOptions { Format = baseFormat });
        Assert.Equal(expected, await ImageScratch.ReadAllAsync(committed));
        if (baseFormat == ImageFormat.Qcow2)
            await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", basePath);
    }
}
