using Strata.Environments.Boxes;
using Strata.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Environments;

/// <summary>The built-in box: built offline from Debian packages once, found again without work, its disk a tiny ext4 root.</summary>
[Trait("Category", "Qemu")]
public sealed class TinyBoxSpecs
{
    [Fact]
    public async Task TheTinyBoxIsBuiltOnceAndFoundAgainWithoutBuilding()
    {
        var box = await TestBoxes.TinyAsync();
        Assert.Equal("tiny", box.Name);
        Assert.Equal(ImageFormat.Raw, box.Format);
        Assert.True(File.Exists(box.ImagePath));
        Assert.True(File.Exists(box.Boot.Kernel));
        Assert.True(File.Exists(box.Boot.Initrd));
        Assert.False(box.Boot.CloudInit);
        Assert.Equal("root", box.Boot.SshUser);
        await using (var disk = DiskImage.Open(box.ImagePath, new ImageOpenOptions { Format = ImageFormat.Raw }))
            Assert.True(await TinyDiskProbe.IsTinyDiskAsync(disk, default));

        var said = new List<string>();
        var again = await new BoxStore(TestBoxes.SharedRoot).GetAsync("tiny", new SyncProgress(said), default);
        Assert.Equal(box, again);
        Assert.Empty(said);
        Assert.Contains(box, new BoxStore(TestBoxes.SharedRoot).List());
    }

    [Fact]
    public async Task TwoBuildersAtOnceMakeOneTinyBoxAndLeaveNoWorkBehind()
    {
        await using var scope = QemuScope.Create();
        string root = scope.File("fresh-store");
        // The kernel package is reused from the shared store, as a rebuild reuses its downloaded .deb.
        string debs = Directory.CreateDirectory(Path.Combine(root, ".debs")).FullName;
        await TestBoxes.TinyAsync();
        foreach (string deb in Directory.EnumerateFiles(Path.Combine(TestBoxes.SharedRoot, ".debs"), "*.deb"))
            File.Copy(deb, Path.Combine(debs, Path.GetFileName(deb)));

        using var timeout = new CancellationTokenSource(TestBoxes.BuildTimeout);
        var boxes = await Task.WhenAll(
            Task.Run(() => new BoxStore(root).GetAsync("tiny", null, timeout.Token)),
            Task.Run(() => new BoxStore(root).GetAsync("tiny", null, timeout.Token)));

        Assert.Equal(boxes[0], boxes[1]);
        string tiny = Path.Combine(root, "tiny");
        Assert.Equal([".lock", "current", Path.GetFileName(Path.GetDirectoryName(boxes[0].ImagePath))!],
            Directory.EnumerateFileSystemEntries(tiny).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([".debs", ".kernels", "tiny"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The generation's kernel is a hard link to the one unpacked kernel of its package.
        Assert.Single(Directory.EnumerateFiles(Path.Combine(root, ".kernels")));
        Assert.Equal(2, LinkCount(boxes[0].Boot.Kernel!));
    }

    [Fact]
    public void TheStoreOfAUserFollowsXdgOrVarLib()
    {
        string root = BoxStore.ForCurrentUser().Root;
        if (Environment.IsPrivilegedProcess)
            Assert.Equal("/var/lib/strata/boxes", root);
        else
            Assert.EndsWith(Path.Combine("strata", "boxes"), root, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task BoxNamesThatAreNotOnePlainNameAreRefused(string name)
    {
        var store = new BoxStore(Path.Combine(Path.GetTempPath(), "strata-no-store"));
        var error = await Assert.ThrowsAsync<BoxException>(() => store.GetAsync(name, null, default));
        Assert.Contains("box name", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store.Root));
    }

    private static long LinkCount(string path)
    {
        var stat = ProcessRunner.RunAsync("stat", ["-c", "%h", path]).GetAwaiter().GetResult();
        return long.Parse(stat.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Records progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool, late).</summary>
    private sealed class SyncProgress(List<string> said) : IProgress<string>
    {
        public void Report(string value) => said.Add(value);
    }
}
