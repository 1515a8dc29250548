using Strata.Tests.Images;
using static Strata.Tests.Img.ImgScenario;

namespace Strata.Tests.Img;

/// <summary><c>strata img info</c> and <c>check</c> print what qemu-img prints for the same files, and exit the same way.</summary>
public sealed class ImgInfoCheckParitySpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>Builds one kind of image with qemu-img (or, for "strata-overlay", with strata img) and returns its path.</summary>
    private async Task<string> ImageAsync(string kind)
    {
        string raw = _scratch.File("base.raw");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", raw, "10M");
        await ImageScratch.QemuIoAsync(raw, "raw", "write -P 0x5a 0 1M");
        string path = _scratch.File(kind + ".img");
        switch (kind)
        {
            case "raw":
                return raw;
            case "qcow2":
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "1G");
                await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 1 0 300k", "write -P 2 500M 64k");
                break;
            case "overlay":
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", path);
                await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 3 64k 4k");
                break;
            case "snapshots":
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "64M");
                await ImageScratch.QemuImgOkAsync("snapshot", "-c", "first", path);
                await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 4 0 128k");
                await ImageScratch.QemuImgOkAsync("snapshot", "-c", "second", path);
                break;
            case "v2":
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-o", "compat=0.10,cluster_size=4096", path, "3M");
                break;
            case "strata-overlay":
                await StrataOkAsync("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", path);
                break;
            case "two-layers":
                string middle = _scratch.File("middle.qcow2");
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", raw, "-F", "raw", middle);
                await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-b", "middle.qcow2", "-F", "qcow2", path, "20M");
                break;
        }
        return path;
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("qcow2")]
    [InlineData("overlay")]
    [InlineData("snapshots")]
    [InlineData("v2")]
    [InlineData("strata-overlay")]
    [InlineData("two-layers")]
    public async Task InfoJsonHasQemuImgsFieldsAndValues(string kind)
    {
        string path = await ImageAsync(kind);
        foreach (string[] args in new[] { new[] { "info", "--output", "json", path }, ["info", "--output=json", "--backing-chain", path] })
        {
            var (qemu, strata) = await BothAsync(args);
            Assert.True(strata.ExitCode == 0, strata.ToString());
            AssertSameJson(qemu.Stdout, strata.Stdout, "actual-size");
        }
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("qcow2")]
    [InlineData("overlay")]
    [InlineData("snapshots")]
    [InlineData("v2")]
    [InlineData("two-layers")]
    public async Task InfoHumanOutputIsLaidOutAsQemuImgs(string kind)
    {
        string path = await ImageAsync(kind);
        foreach (string[] args in new[] { new[] { "info", path }, ["info", "--backing-chain", path] })
        {
            var (qemu, strata) = await BothAsync(args);
            Assert.Equal(WithoutDiskSize(qemu.Stdout), WithoutDiskSize(strata.Stdout));
            Assert.Equal(0, strata.ExitCode);
        }
    }

    [Fact]
    public async Task SnapshotListIsQemuImgs()
    {
        string path = await ImageAsync("snapshots");
        var (qemu, strata) = await BothAsync("snapshot", "-l", path);
        Assert.Equal(qemu.Stdout, strata.Stdout);
        Assert.Contains("second", strata.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A clean image, one with a leaked cluster (exit 3) and one with a refcount too low (a corruption, exit 2).</summary>
    private async Task<string> CheckedImageAsync(string state, string name = "checked.qcow2")
    {
        string path = _scratch.File(name);
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", path, "8M");
        await ImageScratch.QemuIoAsync(path, "qcow2", "write -P 9 0 100", "write -P 8 3M 200k");
        long clusters = new FileInfo(path).Length / (64 * 1024);
        if (state == "leaked")
        {
            // What a crash between allocating a cluster and linking it leaves behind.
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                stream.SetLength((clusters + 1) * 64 * 1024);
            SetRefcount(path, clusters, 1);
        }
        else if (state == "corrupted")
        {
            SetRefcount(path, 0, 0); // the header's own cluster counted as free
        }
        return path;
    }

    [Theory]
    [InlineData("clean", 0)]
    [InlineData("leaked", 3)]
    [InlineData("corrupted", 2)]
    public async Task CheckReportsAndExitsAsQemuImg(string state, int exitCode)
    {
        string path = await CheckedImageAsync(state);
        var (qemu, strata) = await BothAsync("check", path);
        Assert.Equal(exitCode, qemu.ExitCode);
        Assert.Equal(qemu.ExitCode, strata.ExitCode);
        Assert.Equal(qemu.Stdout, strata.Stdout);
        Assert.Equal(qemu.Stderr, strata.Stderr);

        (qemu, strata) = await BothAsync("check", "--output", "json", path);
        Assert.Equal(qemu.ExitCode, strata.ExitCode);
        AssertSameJson(qemu.Stdout, strata.Stdout);
    }

    [Fact]
    public async Task CheckRepairsLeaksAsQemuImgDoesAndLeavesAnImageQemuImgCallsClean()
    {
        string forQemu = await CheckedImageAsync("leaked", "q.qcow2");
        string forStrata = await CheckedImageAsync("leaked", "s.qcow2");
        var qemu = await QemuImgAsync("check", "-r", "leaks", forQemu);
        var strata = await StrataImgAsync("check", "-r", "leaks", forStrata);
        Assert.Equal(0, qemu.ExitCode);
        Assert.Equal(qemu.ExitCode, strata.ExitCode);
        Assert.Equal(qemu.Stdout, strata.Stdout);
        var after = await QemuImgAsync("check", forStrata);
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [Fact]
    public async Task CheckOfARawImageExitsAsQemuImg()
    {
        string raw = await ImageAsync("raw");
        var (qemu, strata) = await BothAsync("check", raw);
        Assert.Equal(63, qemu.ExitCode);
        Assert.Equal(qemu.ExitCode, strata.ExitCode);
        Assert.Equal("strata img: This image format does not support checks\n", strata.Stderr);
    }
}
