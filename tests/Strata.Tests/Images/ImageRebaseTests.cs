using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>rebase keeps what the guest sees (safe mode) or only rewrites the header (unsafe mode), as qemu-img rebase.</summary>
public class ImageRebaseTests
{
    private const int Size = 1024 * 1024;

    private static async Task<(string Overlay, byte[] Guest)> ChainAsync(ImageScratch scratch)
    {
        string a = scratch.File("a.raw");
        string b = scratch.File("b.raw");
        await File.WriteAllBytesAsync(a, Enumerable.Repeat((byte)0xAA, Size).ToArray());
        byte[] bContent = Enumerable.Repeat((byte)0xAA, Size).ToArray();
        bContent.AsSpan(300_000, 100_000).Fill(0xBB); // b differs from a in a few clusters only
        await File.WriteAllBytesAsync(b, bContent);
        string overlay = scratch.File("overlay.qcow2");
        DiskImage.Create(overlay, new ImageCreateOptions { Size = Size, ClusterSize = 4096, BackingFile = "a.raw", BackingFormat = ImageFormat.Raw });
        using var image = DiskImage.Open(overlay, new ImageOpenOptions { ReadOnly = false });
        await image.WriteAsync(10, new byte[] { 1, 2, 3 });
        return (overlay, await ImageScratch.ReadAllAsync(image));
    }

    [Fact]
    public async Task ASafeRebaseKeepsTheGuestViewAndCopiesOnlyClustersThatDiffer()
    {
        using var scratch = new ImageScratch();
        var (overlay, guest) = await ChainAsync(scratch);
        await ImageRebaser.RebaseAsync(overlay, "b.raw", ImageFormat.Raw);

        using var image = DiskImage.Open(overlay);
        Assert.Equal(scratch.File("b.raw"), image.Backing!.Path);
        Assert.Equal("b.raw", image.GetInfo().BackingFile);
        Assert.Equal(guest, await ImageScratch.ReadAllAsync(image));
        var check = await image.CheckAsync();
        Assert.True(check.IsClean);
        Assert.InRange(check.AllocatedClusters, 1 + (100_000 / 4096), 1 + 2 + (100_000 / 4096));
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
        var info = await ImageScratch.QemuImgAsync("info", "--output", "json", overlay);
        Assert.Contains("\"backing-filename\": \"b.raw\"", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"backing-filename-format\": \"raw\"", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebasingOntoNothingFlattensTheImage()
    {
        using var scratch = new ImageScratch();
        var (overlay, guest) = await ChainAsync(scratch);
        await ImageRebaser.RebaseAsync(overlay, null, null);

        using var image = DiskImage.Open(overlay);
        Assert.Null(image.Backing);
        Assert.Null(image.GetInfo().BackingFile);
        Assert.Equal(guest, await ImageScratch.ReadAllAsync(image));
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
    }

    [Fact]
    public async Task AnUnsafeRebaseOnlyRewritesTheHeader()
    {
        using var scratch = new ImageScratch();
        var (overlay, _) = await ChainAsync(scratch);
        await ImageRebaser.RebaseAsync(overlay, "b.raw", ImageFormat.Raw, unsafeRebase: true);

        using var image = DiskImage.Open(overlay);
        byte[] read = new byte[1];
        await image.ReadAsync(350_000, read);
        Assert.Equal(0xBB, read[0]); // now seen through b
        Assert.True((await image.CheckAsync()).IsClean);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
    }

    [Fact]
    public async Task ARebaseThatWouldLoopIsRefusedAndWritesNothing()
    {
        using var scratch = new ImageScratch();
        string basePath = scratch.File("base.qcow2");
        string overlay = scratch.File("overlay.qcow2");
        DiskImage.Create(basePath, new ImageCreateOptions { Size = Size });
        DiskImage.Create(overlay, new ImageCreateOptions { Size = Size, BackingFile = "base.qcow2", BackingFormat = ImageFormat.Qcow2 });
        byte[] before = ImageScratch.Sha(basePath);
        await Assert.ThrowsAsync<BackingChainException>(() => ImageRebaser.RebaseAsync(basePath, "overlay.qcow2", ImageFormat.Qcow2));
        Assert.Equal(before, ImageScratch.Sha(basePath));
    }

    [Fact]
    public async Task RebasingAQemuMadeOverlayKeepsItsOtherHeaderExtensions()
    {
        using var scratch = new ImageScratch();
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", scratch.File("old.qcow2"), "1M");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "raw", scratch.File("new.raw"), "1M");
        string overlay = scratch.File("overlay.qcow2");
        await ImageScratch.QemuImgOkAsync("create", "-q", "-f", "qcow2", "-o", "lazy_refcounts=on", "-b", "old.qcow2", "-F", "qcow2", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "write -P 0x21 0 4k");

        await ImageRebaser.RebaseAsync(overlay, "new.raw", ImageFormat.Raw);

        var info = await ImageScratch.QemuImgAsync("info", "--output", "json", overlay);
        Assert.Contains("\"backing-filename\": \"new.raw\"", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"backing-filename-format\": \"raw\"", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"lazy-refcounts\": true", info.Stdout, StringComparison.Ordinal);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", overlay);
        await ImageScratch.QemuIoAsync(overlay, "qcow2", "read -P 0x21 0 4k", "read -P 0 4k 1020k");
    }
}
