using System.Buffers.Binary;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>check finds what qemu-img check finds, and repairing leaks leaves an image qemu-img calls clean.</summary>
public class Qcow2CheckTests
{
    private const int ClusterSize = 64 * 1024;
    private const long RefBlockOffset = 0x20000;

    private static async Task<string> WrittenImageAsync(ImageScratch scratch)
    {
        string path = scratch.File("image.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = 8 * 1024 * 1024 });
        using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        await image.WriteAsync(0, new byte[100]);
        await image.WriteAsync(5 * 1024 * 1024, new byte[200_000]);
        await image.FlushAsync();
        return path;
    }

    private static void SetRefcount(string path, long cluster, ushort value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Position = RefBlockOffset + (cluster * 2);
        stream.Write(bytes);
    }

    [Fact]
    public async Task AFreshlyWrittenImageIsClean()
    {
        using var scratch = new ImageScratch();
        string path = await WrittenImageAsync(scratch);
        using var image = DiskImage.Open(path);
        var result = await image.CheckAsync();
        Assert.True(result.IsClean, string.Join('\n', result.Problems));
        Assert.Equal(0, result.Leaks);
        Assert.Equal(1 + 4, result.AllocatedClusters);
        Assert.Equal(128, result.TotalClusters);
        Assert.Equal(new FileInfo(path).Length, result.ImageEndOffset);
    }

    [Fact]
    public async Task ALeakedClusterIsFoundAndRepairedAndQemuImgAgrees()
    {
        using var scratch = new ImageScratch();
        string path = await WrittenImageAsync(scratch);
        long clusters = new FileInfo(path).Length / ClusterSize;
        // What a crash between allocating a cluster and linking it leaves behind.
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            stream.SetLength((clusters + 1) * ClusterSize);
        SetRefcount(path, clusters, 1);
        Assert.Equal(3, (await ImageScratch.QemuImgAsync("check", "-f", "qcow2", path)).ExitCode); // 3: leaks only

        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            var found = await image.CheckAsync();
            Assert.Equal(1, found.Leaks);
            Assert.Equal(0, found.Corruptions);
            Assert.False(found.IsClean);
            Assert.Contains($"Leaked cluster {clusters}", found.Problems[0], StringComparison.Ordinal);

            var repaired = await image.CheckAsync(repairLeaks: true);
            Assert.Equal(1, repaired.LeaksFixed);
            Assert.True((await image.CheckAsync()).IsClean);
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
    }

    [Fact]
    public async Task ARefcountTooLowIsACorruptionAndIsNotRepairedAsALeak()
    {
        using var scratch = new ImageScratch();
        string path = await WrittenImageAsync(scratch);
        SetRefcount(path, 5, 0); // a data cluster
        Assert.Equal(2, (await ImageScratch.QemuImgAsync("check", "-f", "qcow2", path)).ExitCode); // 2: corruptions

        using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        var result = await image.CheckAsync(repairLeaks: true);
        Assert.True(result.Corruptions >= 1);
        Assert.Equal(0, result.LeaksFixed);
        Assert.Contains(result.Problems, p => p.StartsWith("ERROR cluster 5 refcount=0 reference=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QemuImagesWithSnapshotsAndCompressedClustersCheckClean()
    {
        using var scratch = new ImageScratch();
        string raw = scratch.File("source.raw");
        byte[] content = new byte[2 * 1024 * 1024];
        for (int i = 0; i < content.Length; i++)
            content[i] = (byte)(i % 251 < 30 ? i : 0);
        await File.WriteAllBytesAsync(raw, content);
        string path = scratch.File("c.qcow2");
        await ImageScratch.QemuImgOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", raw, path);
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "one", path);
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 7 0 200k");
        await ImageScratch.QemuImgOkAsync("snapshot", "-c", "two", path);

        using var image = DiskImage.Open(path);
        var result = await image.CheckAsync();
        Assert.True(result.IsClean, string.Join('\n', result.Problems));
    }

    [Fact]
    public async Task RepairingARawImageOpenReadOnlyIsRefused()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("disk.raw");
        DiskImage.Create(path, new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        using var image = DiskImage.Open(path);
        Assert.True((await image.CheckAsync()).IsClean);
        await Assert.ThrowsAsync<OperationInvalidException>(async () => await image.CheckAsync(repairLeaks: true));
    }
}
