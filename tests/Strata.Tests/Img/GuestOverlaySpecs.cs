using System.Text;
using Strata.Images;
using Strata.Tests.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Img;

/// <summary>A real guest writes through a qcow2 overlay that strata img made, and Strata reads back exactly what it wrote.</summary>
[Trait("Category", "Qemu")]
public sealed class GuestOverlaySpecs
{
    private const int DiskSize = 8 * 1024 * 1024;
    private const byte BaseFill = 0xb5;
    private const int Block = 4096;
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);

    // Two places: inside the first cluster but not at its start (copy-on-write keeps the base's bytes around it),
    // and one spanning the boundary between two clusters in the middle of the disk.
    private static readonly long[] Offsets = [3 * Block, (5 * 1024 * 1024) - Block];

    /// <summary>Text the guest cannot have by accident: the offset and a line number on every line.</summary>
    private static string Pattern(long offset)
    {
        var text = new StringBuilder();
        for (int line = 0; text.Length < 2 * Block; line++)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"strata guest write at {offset:D8}, line {line:D4}\n");
        return text.ToString(0, 2 * Block);
    }

    [Fact]
    public async Task AGuestWritesThroughAStrataOverlayAndStrataReadsItBack()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();
        string basePath = scope.File("base.raw");
        string overlay = scope.File("overlay.qcow2");
        byte[] baseContent = new byte[DiskSize];
        baseContent.AsSpan().Fill(BaseFill);
        await File.WriteAllBytesAsync(basePath, baseContent);
        var created = await StrataCli.RunAsync(["img", "create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", overlay]);
        Assert.True(created.ExitCode == 0, created.ToString());
        byte[] baseHash = ImageScratch.Sha(basePath);

        int port = GuestSsh.FreePort();
        string xml = guest.DomainXmlWithDisk("overlay", scope.File("overlay.serial"), overlay, "qcow2", port);
        var domain = await scope.Driver.CreateAsync(xml, default);
        await GuestSsh.WaitForBannerAsync(port, Boot);
        foreach (long offset in Offsets)
        {
            var write = await GuestSsh.RunAsync(port, guest.SshKey, $"dd of=/dev/vda bs={Block} seek={offset / Block} conv=notrunc,fsync 2>/dev/null && sync", stdin: Pattern(offset));
            Assert.True(write.ExitCode == 0, write.ToString());
        }
        await scope.Driver.ShutdownAsync(domain, default);
        using (var stopped = new CancellationTokenSource(Boot))
            Assert.Equal(DomainState.Shutoff, (await scope.Driver.WaitForStopAsync(domain, stopped.Token)).State);

        byte[] expected = (byte[])baseContent.Clone();
        foreach (long offset in Offsets)
            Encoding.ASCII.GetBytes(Pattern(offset)).CopyTo(expected, offset);
        using (var image = DiskImage.Open(overlay))
        {
            byte[] seen = await ImageScratch.ReadAllAsync(image);
            Assert.True(expected.SequenceEqual(seen), "the disk read through Strata is not what the guest wrote over the base");
        }
        using (var alone = DiskImage.Open(overlay, new ImageOpenOptions { IgnoreBacking = true }))
        {
            byte[] written = new byte[2 * Block];
            await alone.ReadAsync(Offsets[1], written);
            Assert.Equal(Pattern(Offsets[1]), Encoding.ASCII.GetString(written)); // in the overlay itself, not the base
        }
        Assert.Equal(baseHash, ImageScratch.Sha(basePath));
        var check = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", overlay);
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
