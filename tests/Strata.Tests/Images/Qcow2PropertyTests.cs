using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Random writes over a random chain read back exactly what a plain byte array says they should.</summary>
public class Qcow2PropertyTests
{
    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task RandomWritesOverARandomChainReadBackLikeAByteArray(int seed)
    {
        using var scratch = new ImageScratch();
        var random = new Random(seed);
        int[] clusterSizes = [512, 4096, 65536];
        int clusterSize = clusterSizes[random.Next(clusterSizes.Length)];
        long size = (1 + random.Next(4)) * 1024L * 1024 + random.Next(3) * 512;
        byte[] model = new byte[size];

        // Raw base with some data in it.
        string basePath = scratch.File("base.raw");
        DiskImage.Create(basePath, new ImageCreateOptions { Format = ImageFormat.Raw, Size = random.Next(2) == 0 ? size : size / 2 });
        using (var raw = DiskImage.Open(basePath, new ImageOpenOptions { ReadOnly = false }))
            await ApplyRandomWritesAsync(raw, model, random, 20, verify: false);

        int overlays = 1 + random.Next(2);
        byte[]? snapshotModel = null;
        string below = basePath;
        var belowFormat = ImageFormat.Raw;
        for (int layer = 0; layer < overlays; layer++)
        {
            string path = scratch.File($"layer{layer}.qcow2");
            DiskImage.Create(path, new ImageCreateOptions { Size = size, ClusterSize = clusterSize, BackingFile = Path.GetFileName(below), BackingFormat = belowFormat });
            using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
            {
                await ApplyRandomWritesAsync(image, model, random, 75, verify: true);
                if (layer == overlays - 1 && random.Next(2) == 0)
                {
                    // Half the cases also take a snapshot midway: later writes must copy shared clusters.
                    await image.CreateSnapshotAsync("midway");
                    snapshotModel = (byte[])model.Clone();
                }
                await ApplyRandomWritesAsync(image, model, random, 75, verify: true);
            }
            below = path;
            belowFormat = ImageFormat.Qcow2;
        }

        using (var reopened = DiskImage.Open(below))
            Assert.Equal(model, await ImageScratch.ReadAllAsync(reopened));

        // QEMU agrees: every layer's refcounts are exact, and the chain holds the model's bytes.
        for (int layer = 0; layer < overlays; layer++)
        {
            var check = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", scratch.File($"layer{layer}.qcow2"));
            Assert.True(check.ExitCode == 0 && check.Stdout.Contains("No errors were found", StringComparison.Ordinal), check.ToString());
            Assert.DoesNotContain("leaked", check.Stdout, StringComparison.Ordinal);
            using var layerImage = DiskImage.Open(scratch.File($"layer{layer}.qcow2"), new ImageOpenOptions { IgnoreBacking = true });
            var own = await layerImage.CheckAsync();
            Assert.True(own.IsClean, string.Join('\n', own.Problems));
        }
        string expected = scratch.File("expected.raw");
        await File.WriteAllBytesAsync(expected, model);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", below, expected);
        if (snapshotModel is not null)
        {
            string snapshot = scratch.File("snapshot.raw");
            await ImageScratch.QemuImgOkAsync("convert", "-f", "qcow2", "-O", "raw", "-l", "snapshot.name=midway", below, snapshot);
            Assert.Equal(snapshotModel, await File.ReadAllBytesAsync(snapshot));
        }
    }

    private static async Task ApplyRandomWritesAsync(DiskImage image, byte[] model, Random random, int operations, bool verify)
    {
        long size = image.VirtualSize;
        for (int i = 0; i < operations; i++)
        {
            long offset = random.NextInt64(size);
            int length = (int)Math.Min(size - offset, random.Next(4) switch
            {
                0 => 1 + random.Next(16),
                1 => 1 + random.Next(4096),
                2 => 1 + random.Next(200_000),
                _ => 512 * (1 + random.Next(16)),
            });
            byte[] data = new byte[length];
            random.NextBytes(data);
            await image.WriteAsync(offset, data);
            data.CopyTo(model, offset);

            if (verify && i % 10 == 0)
            {
                long readOffset = random.NextInt64(size);
                int readLength = (int)Math.Min(size - readOffset, 1 + random.Next(300_000));
                byte[] read = new byte[readLength];
                await image.ReadAsync(readOffset, read);
                Assert.Equal(model.AsSpan((int)readOffset, readLength).ToArray(), read);
            }
        }
        await image.FlushAsync();
        if (image.VirtualSize < model.Length)
            model.AsSpan((int)image.VirtualSize).Clear(); // a short raw base: the overlays see zeros past its end
    }
}
