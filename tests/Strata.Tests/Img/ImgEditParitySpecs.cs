using Strata.Images;
using Strata.Tests.Images;
using static Strata.Tests.Img.ImgScenario;

namespace Strata.Tests.Img;

/// <summary>
/// Verbs that write (create, convert, resize, commit, rebase, snapshot) run by qemu-img in one directory and by
/// strata img in another, on the same starting files: the results must hold the same guest data and describe
/// themselves the same way to qemu-img.
/// </summary>
public sealed class ImgEditParitySpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();
    private readonly string _q;
    private readonly string _s;

    public ImgEditParitySpecs()
    {
        _q = Directory.CreateDirectory(_scratch.File("q")).FullName;
        _s = Directory.CreateDirectory(_scratch.File("s")).FullName;
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>The same base file in both directories: 4 MiB of raw with a pattern at its start.</summary>
    private async Task BaseInBothAsync()
    {
        foreach (string dir in new[] { _q, _s })
        {
            string raw = Path.Combine(dir, "base.raw");
            await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", raw, "4M");
            await ImageScratch.QemuIoAsync(raw, "raw", "write -P 0x5a 0 1M", "write -P 0x6b 3M 4k");
        }
    }

    /// <summary>Runs a verb whose file arguments are names inside the directory, qemu-img in q and strata img in s.</summary>
    private async Task<(Support.ProcessResult Qemu, Support.ProcessResult Strata)> InBothAsync(params string[] args)
    {
        string[] Place(string dir) => [.. args.Select(a => a.EndsWith(".raw", StringComparison.Ordinal) || a.EndsWith(".qcow2", StringComparison.Ordinal) ? Path.Combine(dir, a) : a)];
        var qemu = await QemuImgAsync(Place(_q));
        var strata = await StrataImgAsync(Place(_s));
        Assert.True(qemu.ExitCode == strata.ExitCode, $"qemu-img {string.Join(' ', args)}: {qemu}\nstrata img: {strata}");
        Assert.Equal(qemu.Stdout.Replace(_q, "DIR", StringComparison.Ordinal), strata.Stdout.Replace(_s, "DIR", StringComparison.Ordinal));
        return (qemu, strata);
    }

    /// <summary>qemu-img's view of both results: the same fields and values, and the same guest bytes.</summary>
    private async Task AssertSameImagesAsync(string name, string format = "qcow2")
    {
        var qemuInfo = await QemuImgAsync("info", "--output=json", Path.Combine(_q, name));
        var strataInfo = await QemuImgAsync("info", "--output=json", Path.Combine(_s, name));
        AssertSameJson(qemuInfo.Stdout.Replace(_q, "DIR", StringComparison.Ordinal), strataInfo.Stdout.Replace(_s, "DIR", StringComparison.Ordinal), "actual-size", "date-sec", "date-nsec");
        var compare = await QemuImgAsync("compare", "-f", format, "-F", format, Path.Combine(_q, name), Path.Combine(_s, name));
        Assert.True(compare.ExitCode == 0, compare.ToString());
        if (format == "qcow2")
        {
            var check = await QemuImgAsync("check", Path.Combine(_s, name));
            Assert.True(check.ExitCode == 0, check.ToString());
        }
    }

    [Theory]
    [InlineData("-f qcow2 new.qcow2 64M")]
    [InlineData("-f qcow2 new.qcow2 1.5G")]
    [InlineData("-f qcow2 -o cluster_size=4096 new.qcow2 1000")]
    [InlineData("-f qcow2 -b base.raw -F raw new.qcow2")]
    [InlineData("-f qcow2 -b base.raw -F raw new.qcow2 20M")]
    [InlineData("-f raw new.raw 1000")]
    [InlineData("new.raw 10k")]
    public async Task CreateMakesWhatQemuImgMakes(string command)
    {
        await BaseInBothAsync();
        string[] args = ["create", .. command.Split(' ')];
        await InBothAsync(args);
        string file = args.First(a => a.StartsWith("new.", StringComparison.Ordinal));
        await AssertSameImagesAsync(file, file.EndsWith(".raw", StringComparison.Ordinal) ? "raw" : "qcow2");
    }

    [Fact]
    public async Task CreateOverwritesAnExistingFileAsQemuImgDoes()
    {
        await BaseInBothAsync();
        await InBothAsync("create", "-q", "-f", "qcow2", "new.qcow2", "1M");
        await InBothAsync("create", "-f", "qcow2", "-b", "base.raw", "-F", "raw", "new.qcow2");
        await AssertSameImagesAsync("new.qcow2");
    }

    [Fact]
    public async Task ConvertRoundTripsRawAndQcow2AndQemuImgAgrees()
    {
        await BaseInBothAsync();
        await InBothAsync("convert", "-O", "qcow2", "base.raw", "copy.qcow2");
        await AssertSameImagesAsync("copy.qcow2");
        await InBothAsync("convert", "-f", "qcow2", "-O", "raw", "copy.qcow2", "back.raw");
        Assert.Equal(ImageScratch.Sha(Path.Combine(_q, "back.raw")), ImageScratch.Sha(Path.Combine(_s, "back.raw")));
        Assert.Equal(ImageScratch.Sha(Path.Combine(_s, "base.raw")), ImageScratch.Sha(Path.Combine(_s, "back.raw")));

        // Zero clusters stay unwritten: only the two written megabytes' clusters take space.
        using var copy = DiskImage.Open(Path.Combine(_s, "copy.qcow2"));
        var check = await copy.CheckAsync();
        Assert.Equal(17, check.AllocatedClusters);

        // An overlay's whole chain is flattened; -o sets the cluster size; an existing destination is replaced.
        await InBothAsync("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", "over.qcow2");
        await ImageScratch.QemuIoAsync(Path.Combine(_q, "over.qcow2"), "qcow2", "write -P 0x11 2M 100k");
        await ImageScratch.QemuIoAsync(Path.Combine(_s, "over.qcow2"), "qcow2", "write -P 0x11 2M 100k");
        await InBothAsync("convert", "-O", "qcow2", "-o", "cluster_size=16384", "over.qcow2", "copy.qcow2");
        await AssertSameImagesAsync("copy.qcow2");
        var progress = await StrataImgAsync("convert", "-p", "-O", "raw", Path.Combine(_s, "over.qcow2"), Path.Combine(_s, "flat.raw"));
        Assert.EndsWith("(100.00/100%)\r\n", progress.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("directsync")]
    [InlineData("writeback")]
    public async Task ConvertWithACacheModeWritesTheSameImagesAsQemuImg(string cache)
    {
        // "none" and "directsync" write around the page cache (O_DIRECT) in both tools.
        await BaseInBothAsync();
        await InBothAsync("convert", "-t", cache, "-O", "qcow2", "base.raw", "copy.qcow2");
        await AssertSameImagesAsync("copy.qcow2");
        await InBothAsync("convert", "-t", cache, "-f", "qcow2", "-O", "raw", "copy.qcow2", "back.raw");
        Assert.Equal(ImageScratch.Sha(Path.Combine(_s, "base.raw")), ImageScratch.Sha(Path.Combine(_s, "back.raw")));
    }

    [Fact]
    public async Task ResizeCommitRebaseAndSnapshotsLeaveWhatQemuImgLeaves()
    {
        await BaseInBothAsync();
        foreach (string dir in new[] { _q, _s })
        {
            string other = Path.Combine(dir, "other.raw");
            await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", other, "4M");
            await ImageScratch.QemuIoAsync(other, "raw", "write -P 0x77 1M 1M");
            await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", Path.Combine(dir, "ov.qcow2"));
            await ImageScratch.QemuIoAsync(Path.Combine(dir, "ov.qcow2"), "qcow2", "write -P 0x33 512k 64k");
        }

        await InBothAsync("resize", "ov.qcow2", "+1M");
        await AssertSameImagesAsync("ov.qcow2");
        await InBothAsync("resize", "-f", "raw", "other.raw", "5M");
        await AssertSameImagesAsync("other.raw", "raw");

        await InBothAsync("commit", "ov.qcow2");
        await AssertSameImagesAsync("base.raw", "raw");
        await AssertSameImagesAsync("ov.qcow2");

        await InBothAsync("rebase", "-u", "-b", "other.raw", "-F", "raw", "ov.qcow2");
        await AssertSameImagesAsync("ov.qcow2");
        await InBothAsync("rebase", "-b", "base.raw", "-F", "raw", "ov.qcow2");
        await AssertSameImagesAsync("ov.qcow2");
        await InBothAsync("rebase", "-b", "", "ov.qcow2");
        await AssertSameImagesAsync("ov.qcow2");

        await InBothAsync("snapshot", "-c", "before", "ov.qcow2");
        foreach (string dir in new[] { _q, _s })
            await ImageScratch.QemuIoAsync(Path.Combine(dir, "ov.qcow2"), "qcow2", "write -P 0x44 0 256k");
        await AssertSameImagesAsync("ov.qcow2");
        await InBothAsync("snapshot", "-a", "before", "ov.qcow2");
        await AssertSameImagesAsync("ov.qcow2");
        await InBothAsync("snapshot", "-d", "before", "ov.qcow2");
        await InBothAsync("snapshot", "-l", "ov.qcow2");
        await AssertSameImagesAsync("ov.qcow2");
    }
}
