using Strata.Tests.Images;
using static Strata.Tests.Img.ImgScenario;

namespace Strata.Tests.Img;

/// <summary>Bad input to strata img gets one clear error on stderr, a non-zero exit, and changes no file.</summary>
public sealed class ImgRefusalSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private async Task PrepareAsync()
    {
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", _scratch.File("victim.qcow2"), "4M");
        await ImageScratch.QemuIoAsync(_scratch.File("victim.qcow2"), "qcow2", "write -P 1 0 64k");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", _scratch.File("plain.raw"), "1M");

        // Hostile: the refcount table's first entry points far past the end of the file.
        string hostile = _scratch.File("hostile.qcow2");
        File.Copy(_scratch.File("victim.qcow2"), hostile);
        using var stream = new FileStream(hostile, FileMode.Open, FileAccess.Write);
        stream.Position = 0x10000;
        stream.Write([0, 0, 0, 0, 0x40, 0, 0, 0]);
    }

    [Theory]
    [InlineData("info missing.qcow2", "Could not open")]
    [InlineData("info -f qcow2 hostile.qcow2", "refcount block")]
    [InlineData("check hostile.qcow2", "refcount block")]
    [InlineData("check -r leaks hostile.qcow2", "refcount block")]
    [InlineData("info --output xml victim.qcow2", "--output")]
    [InlineData("info -f vmdk victim.qcow2", "Unknown file format 'vmdk'")]
    [InlineData("info", "Expecting one image file name")]
    [InlineData("create -f qcow2 new.qcow2 10Q", "Invalid image size")]
    [InlineData("create -f qcow2 new.qcow2 16E", "Invalid image size")]
    [InlineData("create -f qcow2 new.qcow2 4E", "too large")]
    [InlineData("create -f qcow2 new.qcow2", "needs a size")]
    [InlineData("create -f qcow2 victim.qcow2 12x", "Invalid image size")]
    [InlineData("create -f qcow2 -b missing.raw -F raw new.qcow2", "missing.raw")]
    [InlineData("create -f qcow2 -b plain.raw new.qcow2", "without backing format")]
    [InlineData("create -f raw -b plain.raw -F raw new.raw 1M", "cannot have a backing file")]
    [InlineData("create -f qcow2 -o cluster_size=1000 new.qcow2 1M", "Cluster size must be a power of two")]
    [InlineData("create -f qcow2 -o bogus=1 new.qcow2 1M", "Invalid parameter 'bogus'")]
    [InlineData("create -f qed new.qed 1M", "Unknown file format 'qed'")]
    [InlineData("resize victim.qcow2 -1M", "--shrink")]
    [InlineData("resize --shrink victim.qcow2 1M", "not supported")]
    [InlineData("resize victim.qcow2 lots", "Invalid image size")]
    [InlineData("resize hostile.qcow2 +1M", "refcount block")]
    [InlineData("convert -O vmdk victim.qcow2 new.vmdk", "Unknown file format 'vmdk'")]
    [InlineData("convert missing.qcow2 new.raw", "Could not open")]
    [InlineData("convert -f qcow2 hostile.qcow2 new.raw", "refcount block")]
    [InlineData("snapshot -a nosuch victim.qcow2", "nosuch")]
    [InlineData("snapshot -c one -d two victim.qcow2", "exactly one")]
    [InlineData("snapshot -c one plain.raw", "snapshots")]
    [InlineData("commit victim.qcow2", "backing file")]
    [InlineData("rebase -b missing.qcow2 -F qcow2 victim.qcow2", "missing.qcow2")]
    [InlineData("rebase victim.qcow2", "-b")]
    [InlineData("check -r some victim.qcow2", "-r")]
    [InlineData("frobnicate victim.qcow2", "Command not found")]
    [InlineData("info --frob victim.qcow2", "unrecognized option '--frob'")]
    [InlineData("create -Z new.qcow2 1M", "invalid option -- 'Z'")]
    public async Task BadInputIsRefusedAndChangesNothing(string command, string message)
    {
        await PrepareAsync();
        var before = Snapshot(_scratch.Directory);
        string[] args = [.. command.Split(' ').Select(a => a.Contains('.', StringComparison.Ordinal) && char.IsAsciiLetter(a[0]) ? _scratch.File(a) : a)];

        var result = await StrataImgAsync(args);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.StartsWith("strata img: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.Equal(before, Snapshot(_scratch.Directory));
    }

    [Fact]
    public async Task HelpListsEveryVerb()
    {
        var result = await StrataImgAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string verb in new[] { "create", "info", "check", "convert", "resize", "commit", "rebase", "snapshot" })
            Assert.Contains($"  {verb} ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(result.Stdout, (await StrataImgAsync("info", "-h")).Stdout);
    }
}
