using System.Text.Json;
using Strata.Images;
using Strata.Tests.Images;
using static Strata.Tests.Img.ImgScenario;

namespace Strata.Tests.Img;

/// <summary>
/// <c>strata img convert -c</c> writes compressed qcow2 clusters that qemu-img accepts, reads back equal to the
/// source, and lays out as qemu-img's own <c>convert -c</c> does (which clusters are compressed, how they pack).
/// </summary>
public sealed class ImgCompressSpecs : IDisposable
{
    private const int Cluster = 64 * 1024;
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>
    /// Clusters of every kind a compressor meets: text (shrinks a lot), random bytes (does not shrink: stored
    /// plain), all zeros (not stored), mixed ones, and a short last cluster when <paramref name="tail"/> is set.
    /// </summary>
    private string MakeSource(int clusters, int tail = 0)
    {
        byte[] content = new byte[(clusters * Cluster) + tail];
        var random = new Random(7);
        byte[] text = "strata compresses this line the way qemu-img does, cluster by cluster\n"u8.ToArray();
        for (int c = 0; c < clusters; c++)
        {
            var cluster = content.AsSpan(c * Cluster, Cluster);
            switch (c % 5)
            {
                case 0:
                    for (int at = 0; at < Cluster; at += text.Length)
                        text.AsSpan(0, Math.Min(text.Length, Cluster - at)).CopyTo(cluster[at..]);
                    break;
                case 1:
                    random.NextBytes(cluster);
                    break;
                case 2:
                    break; // zeros
                case 3:
                    random.NextBytes(cluster[..(Cluster / 3)]); // a third random: shrinks, but not much
                    break;
                default:
                    random.NextBytes(cluster[(Cluster - 700)..]);
                    cluster[5] = 1;
                    break;
            }
        }
        random.NextBytes(content.AsSpan(clusters * Cluster));
        string path = _scratch.File("source.raw");
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<(string Qemu, string Strata)> CompressBothAsync(string source)
    {
        string qemu = _scratch.File("qemu.qcow2");
        string strata = _scratch.File("strata.qcow2");
        await ImageScratch.QemuImgOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", source, qemu);
        await StrataOkAsync("convert", "-c", "-f", "raw", "-O", "qcow2", source, strata);
        return (qemu, strata);
    }

    /// <summary>qemu-img map's view: the ranges stored compressed (data without a host offset) and the plain ones.</summary>
    private static async Task<string> LayoutAsync(string image)
    {
        var map = await QemuImgAsync("map", "--output=json", "-f", "qcow2", image);
        Assert.True(map.ExitCode == 0, map.ToString());
        using var json = JsonDocument.Parse(map.Stdout);
        return string.Join(' ', json.RootElement.EnumerateArray().Select(e =>
        {
            string kind = !e.GetProperty("data").GetBoolean() ? "hole" : e.TryGetProperty("offset", out _) ? "plain" : "compressed";
            return $"{e.GetProperty("start").GetInt64() / Cluster}+{e.GetProperty("length").GetInt64() / Cluster}:{kind}";
        }));
    }

    private static async Task AssertCleanAndEqualAsync(string image, string source)
    {
        var check = await QemuImgAsync("check", "-f", "qcow2", image);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("No errors were found on the image.", check.Stdout, StringComparison.Ordinal);
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", image, source);
    }

    [Fact]
    public async Task CompressedOutputPassesQemuImgCheckAndEqualsTheSource()
    {
        string source = MakeSource(40);
        var (qemu, strata) = await CompressBothAsync(source);
        await AssertCleanAndEqualAsync(strata, source);

        // Strata reads its own compressed clusters back too, and qemu-img converts them back to the same raw bytes.
        using (var image = DiskImage.Open(strata))
            Assert.Equal(await File.ReadAllBytesAsync(source), await ImageScratch.ReadAllAsync(image));
        string back = _scratch.File("back.raw");
        await ImageScratch.QemuImgOkAsync("convert", "-f", "qcow2", "-O", "raw", strata, back);
        Assert.Equal(ImageScratch.Sha(source), ImageScratch.Sha(back));

        // The same clusters compressed, packed at least as tightly.
        Assert.Equal(await LayoutAsync(qemu), await LayoutAsync(strata));
        Assert.True(new FileInfo(strata).Length <= new FileInfo(qemu).Length, $"{new FileInfo(strata).Length} bytes, qemu-img's {new FileInfo(qemu).Length}");
        var info = await QemuImgAsync("info", "--output=json", strata);
        using var json = JsonDocument.Parse(info.Stdout);
        Assert.Equal(40L * Cluster, json.RootElement.GetProperty("virtual-size").GetInt64());
        Assert.Equal("zlib", json.RootElement.GetProperty("format-specific").GetProperty("data").GetProperty("compression-type").GetString());
    }

    [Fact]
    public async Task AClusterThatDoesNotShrinkIsStoredUncompressedAsQemuImgDoes()
    {
        string source = MakeSource(10);
        var (qemu, strata) = await CompressBothAsync(source);
        string layout = await LayoutAsync(strata);
        Assert.Contains("1+1:plain", layout, StringComparison.Ordinal); // the random cluster
        Assert.Contains("0+1:compressed", layout, StringComparison.Ordinal); // the text cluster
        Assert.Contains("2+1:hole", layout, StringComparison.Ordinal); // zeros take no space
        Assert.Equal(await LayoutAsync(qemu), layout);
        await AssertCleanAndEqualAsync(strata, source);
    }

    [Fact]
    public async Task AShortLastClusterIsPaddedAndCompressedAndQemuImgReadsIt()
    {
        // 3000 bytes past the last whole cluster: the disk grows to whole sectors, as qemu-img's does.
        string source = MakeSource(6, tail: 3000);
        var (qemu, strata) = await CompressBothAsync(source);
        await AssertCleanAndEqualAsync(strata, source);
        Assert.Equal(await LayoutAsync(qemu), await LayoutAsync(strata));
        Assert.Equal(0, new FileInfo(strata).Length % 512); // the file ends on a whole sector, as QEMU leaves it
    }

    [Fact]
    public async Task ManyCompressedClustersAcrossL2TablesAndSmallClustersStayConsistent()
    {
        // 4 KiB clusters: 512 entries per L2 table, so 1200 clusters need three tables allocated among the data.
        string source = MakeSource(1200 * 4096 / Cluster);
        string strata = _scratch.File("small.qcow2");
        await StrataOkAsync("convert", "-c", "-O", "qcow2", "-o", "cluster_size=4096", source, strata);
        await AssertCleanAndEqualAsync(strata, source);

        // A plain write over a compressed cluster afterwards copies it out and keeps the refcounts right.
        using (var image = DiskImage.Open(strata, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(100, new byte[] { 1, 2, 3 });
            await image.FlushAsync();
        }
        var check = await QemuImgAsync("check", "-f", "qcow2", strata);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Theory]
    [InlineData("convert -c -O raw source.raw out.raw")]
    [InlineData("convert -c source.raw out.raw")]
    [InlineData("convert -pc -O raw source.raw out.raw")]
    public async Task CompressionIntoRawIsRefusedWithQemuImgsMessage(string command)
    {
        MakeSource(2);
        var before = Snapshot(_scratch.Directory);
        string[] args = [.. command.Split(' ').Select(a => a.EndsWith(".raw", StringComparison.Ordinal) ? _scratch.File(a) : a)];

        var qemu = await QemuImgAsync(args);
        var result = await StrataImgAsync(args);

        Assert.Equal(1, qemu.ExitCode);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(qemu.Stderr.Replace("qemu-img: ", "strata img: ", StringComparison.Ordinal), result.Stderr);
        Assert.Equal(before, Snapshot(_scratch.Directory));
    }

    [Fact]
    public async Task TheLibraryRefusesCompressionIntoRaw()
    {
        string source = MakeSource(1);
        using var image = DiskImage.Open(source);
        await Assert.ThrowsAsync<ArgumentException>(() => ImageConverter.ConvertAsync(
            image, _scratch.File("out.raw"), new ImageCreateOptions { Format = ImageFormat.Raw, Size = 0 }, new ImageConvertOptions { Compress = true }));
        Assert.False(File.Exists(_scratch.File("out.raw")));
    }
}
