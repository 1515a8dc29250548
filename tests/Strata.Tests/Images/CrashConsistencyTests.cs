using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>A write stopped after any of its ordered stages leaves an image with at worst leaked clusters, never a corruption.</summary>
public class CrashConsistencyTests
{
    public static TheoryData<string, bool> Stages => new()
    {
        { "refcount block", false },
        { "data", false },
        { "l2", false },
        { "l1", false },
        { "data", true },
        { "l2", true }, // a compressed image already has all its L2 tables: there is no L1 stage
    };

    [Theory]
    [InlineData("data")]
    [InlineData("l2")]
    [InlineData("l1")]
    public async Task AWriteIntoClustersSharedWithASnapshotStoppedAfterAStageLeavesOnlyLeaks(string stage)
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("snap.qcow2");
        byte[] old = Enumerable.Range(0, 2 * 1024 * 1024).Select(i => (byte)(i % 249)).ToArray();
        DiskImage.Create(path, new ImageCreateOptions { Size = old.Length, ClusterSize = 4096 });
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(0, old);
            await image.CreateSnapshotAsync("s");
            ((Qcow2Image)image).CrashPoint = s =>
            {
                if (s == stage)
                    throw new IOException($"simulated crash after stage '{s}'");
            };
            await Assert.ThrowsAsync<IOException>(async () => await image.WriteAsync(10_000, new byte[300_000]));
        }
        var qemu = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", path);
        Assert.True(qemu.ExitCode is 0 or 3, qemu.ToString());
        using var reopened = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        Assert.Equal(0, (await reopened.CheckAsync()).Corruptions);
        await reopened.ApplySnapshotAsync("s");
        Assert.Equal(old, await ImageScratch.ReadAllAsync(reopened)); // the snapshot never saw the stopped write
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task AWriteStoppedAfterAStageLeavesOnlyLeaks(string stage, bool overCompressedData)
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.raw");
        string path = scratch.File("top.qcow2");
        byte[] baseContent = Enumerable.Range(0, 4 * 1024 * 1024).Select(i => (byte)(i % 253)).ToArray();
        await File.WriteAllBytesAsync(basePath, baseContent);
        if (overCompressedData)
            await ImageScratch.QemuImgOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", "-o", "cluster_size=4096", basePath, path);
        else
            DiskImage.Create(path, new ImageCreateOptions { Size = baseContent.Length, ClusterSize = 512, BackingFile = "base.raw", BackingFormat = ImageFormat.Raw });

        // 512-byte clusters: 3 MiB of new data needs new refcount blocks as well as L2 tables.
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(data);
        bool stopped = false;
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            ((Qcow2Image)image).CrashPoint = s =>
            {
                if (s == stage)
                    throw new IOException($"simulated crash after stage '{s}'");
            };
            try
            {
                await image.WriteAsync(100_000, data);
            }
            catch (IOException)
            {
                stopped = true;
            }
        }
        Assert.True(stopped);

        var qemu = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", path);
        Assert.True(qemu.ExitCode is 0 or 3, qemu.ToString()); // 3: leaked clusters only
        using var reopened = DiskImage.Open(path);
        var check = await reopened.CheckAsync();
        Assert.Equal(0, check.Corruptions);

        // Every byte reads as either the old or the new content; outside the write, nothing changed.
        byte[] all = await ImageScratch.ReadAllAsync(reopened);
        Assert.Equal(baseContent.AsSpan(0, 100_000).ToArray(), all.AsSpan(0, 100_000).ToArray());
        Assert.Equal(baseContent.AsSpan(100_000 + data.Length).ToArray(), all.AsSpan(100_000 + data.Length).ToArray());
        for (int i = 0; i < data.Length; i++)
        {
            byte b = all[100_000 + i];
            if (b != data[i] && b != baseContent[100_000 + i])
                Assert.Fail($"byte {100_000 + i} is neither old nor new");
        }
    }
}
