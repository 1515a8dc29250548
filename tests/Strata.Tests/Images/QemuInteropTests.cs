using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Images made and written by qemu-img and qemu-io read correctly through Strata, and Strata's writes satisfy QEMU.</summary>
public class QemuInteropTests
{
    private const int K64 = 64 * 1024;

    [Fact]
    public async Task QemuWrittenPatternsReadBackInStrata()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("q.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "4M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 0xab 0 64k", "write -P 0x11 100000 3000", "write -P 0x22 4000000 194304");

        using var image = DiskImage.Open(path);
        byte[] all = await ImageScratch.ReadAllAsync(image);
        byte[] expected = new byte[4 * 1024 * 1024];
        expected.AsSpan(0, K64).Fill(0xab);
        expected.AsSpan(100000, 3000).Fill(0x11);
        expected.AsSpan(4000000, 194304).Fill(0x22);
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task QemuOverlayFallsThroughToItsBackingFileAndReadsZeroClustersAsZeros()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.raw");
        string overlay = scratch.File("overlay.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", basePath, "2M");
        await ImageScratch.QemuIoAsync(basePath, "raw", "write -P 0x55 0 2M");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "write -P 0x77 65536 4096", "write -z 131072 65536");

        using var image = DiskImage.Open(overlay);
        Assert.Equal(ImageFormat.Raw, image.Backing!.Format);
        byte[] all = await ImageScratch.ReadAllAsync(image);
        byte[] expected = new byte[2 * 1024 * 1024];
        expected.AsSpan().Fill(0x55);
        expected.AsSpan(65536, 4096).Fill(0x77);
        expected.AsSpan(131072, 65536).Clear();
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task CompressedClustersFromQemuImgConvertReadBackExactly()
    {
        using var scratch = new ImageScratch();
        string source = scratch.File("source.raw");
        string compressed = scratch.File("compressed.qcow2");
        byte[] content = new byte[3 * 1024 * 1024 + 4096];
        var random = new Random(42);
        for (int i = 0; i < content.Length; i += 4096)
        {
            // Compressible but not trivial: a few random bytes per page, repeated text elsewhere.
            random.NextBytes(content.AsSpan(i, 64));
            "the quick brown fox jumps over the lazy dog "u8.ToArray().CopyTo(content, i + 100);
        }
        await File.WriteAllBytesAsync(source, content);
        await ImageScratch.QemuImgOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", source, compressed);

        using var image = DiskImage.Open(compressed);
        Assert.Equal(content, await ImageScratch.ReadAllAsync(image));
        byte[] middle = new byte[70000];
        await image.ReadAsync(1_000_003, middle);
        Assert.Equal(content.AsSpan(1_000_003, 70000).ToArray(), middle);
    }

    [Fact]
    public async Task WritingOverCompressedClustersCopiesThemAndQemuImgCheckStaysClean()
    {
        using var scratch = new ImageScratch();
        string source = scratch.File("source.raw");
        string compressed = scratch.File("compressed.qcow2");
        byte[] content = new byte[1024 * 1024];
        for (int i = 0; i < content.Length; i++)
            content[i] = (byte)(i / 1000);
        await File.WriteAllBytesAsync(source, content);
        await ImageScratch.QemuImgOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", source, compressed);

        using (var image = DiskImage.Open(compressed, new ImageOpenOptions { ReadOnly = false }))
        {
            byte[] patch = new byte[5000];
            new Random(1).NextBytes(patch);
            await image.WriteAsync(123_456, patch);
            patch.CopyTo(content, 123_456);
            await image.FlushAsync();
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", compressed);
        await File.WriteAllBytesAsync(source, content);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", compressed, source);
    }

    [Fact]
    public async Task Version2ImagesAreRead()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("v2.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-o", "compat=0.10", path, "1M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 0x3c 512 1024");

        using var image = DiskImage.Open(path);
        Assert.Equal(2, image.GetInfo().Version);
        byte[] read = new byte[2048];
        await image.ReadAsync(0, read);
        Assert.All(read.AsSpan(0, 512).ToArray(), b => Assert.Equal(0, b));
        Assert.All(read.AsSpan(512, 1024).ToArray(), b => Assert.Equal(0x3c, b));
        Assert.All(read.AsSpan(1536).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task StrataOverlayOnAQemuImageIsAcceptedByQemuImgCheckAndCompare()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.qcow2");
        string overlay = scratch.File("overlay.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", basePath, "3M");
        await ImageScratch.QemuIoAsync(basePath, "qcow2", "write -P 0xee 0 3M");
        DiskImage.Create(overlay, new ImageCreateOptions { Size = 3 * 1024 * 1024, BackingFile = "base.qcow2", BackingFormat = ImageFormat.Qcow2 });
        using (var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(70000, new byte[10]);
            await image.WriteAsync(2 * 1024 * 1024 - 1, new byte[] { 1, 2 });
            await image.FlushAsync();
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "read -P 0xee 0 70000", "read -P 0 70000 10", "read -P 0xee 70010 100000");
        var info = await ImageScratch.QemuImgAsync("info", "--output", "json", overlay);
        Assert.Contains("\"backing-filename-format\": \"qcow2\"", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotsMadeByQemuImgAreListed()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("snap.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "1M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 1 0 64k");
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "first", path);
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 2 0 64k");
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "second", path);

        using var image = DiskImage.Open(path);
        var info = image.GetInfo();
        Assert.Equal(["first", "second"], info.Snapshots.Select(s => s.Name));
        Assert.Equal(["1", "2"], info.Snapshots.Select(s => s.Id));
        byte[] read = new byte[4];
        await image.ReadAsync(0, read);
        Assert.Equal(new byte[] { 2, 2, 2, 2 }, read);
    }

    [Fact]
    public async Task QemuImgInfoAgreesWithStrataInfo()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.raw");
        string path = scratch.File("top.qcow2");
        DiskImage.Create(basePath, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1024 * 1024 });
        DiskImage.Create(path, new ImageCreateOptions { Size = 1024 * 1024, ClusterSize = 4096, BackingFile = "base.raw", BackingFormat = ImageFormat.Raw });

        var qemu = await ImageScratch.QemuImgAsync("info", "--output", "json", path);
        Assert.Contains("\"virtual-size\": 1048576", qemu.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"cluster-size\": 4096", qemu.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"backing-filename\": \"base.raw\"", qemu.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"compat\": \"1.1\"", qemu.Stdout, StringComparison.Ordinal);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);

        using var image = DiskImage.Open(path);
        var chain = image.GetChainInfo();
        Assert.Equal([ImageFormat.Qcow2, ImageFormat.Raw], chain.Select(i => i.Format));
        Assert.Equal(4096, chain[0].ClusterSize);
        Assert.Equal(basePath, chain[0].FullBackingPath);
        Assert.Equal(ImageFormat.Raw, chain[0].BackingFormat);
        Assert.False(chain[0].Dirty);
        Assert.True(chain[0].ActualSize > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(64)]
    public async Task WritingIntoQemuImagesWithAnyRefcountWidthKeepsQemuImgCheckClean(int refcountBits)
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("refcounts.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-o", $"refcount_bits={refcountBits},cluster_size=4096", path, "6M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 0x5a 0 100k");
        byte[] model = new byte[6 * 1024 * 1024];
        model.AsSpan(0, 100 * 1024).Fill(0x5a);
        var random = new Random(refcountBits);
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            Assert.Equal(refcountBits, image.GetInfo().RefcountBits);
            for (int i = 0; i < 60; i++)
            {
                byte[] data = new byte[1 + random.Next(40_000)];
                random.NextBytes(data);
                long offset = random.NextInt64(model.Length - data.Length);
                await image.WriteAsync(offset, data);
                data.CopyTo(model, offset);
            }
            Assert.True((await image.CheckAsync()).IsClean);
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        string expected = scratch.File("expected.raw");
        await File.WriteAllBytesAsync(expected, model);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", path, expected);
    }
}
