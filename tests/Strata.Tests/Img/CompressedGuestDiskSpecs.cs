using System.Security.Cryptography;
using System.Text;
using Strata.Images;
using Strata.Tests.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Img;

/// <summary>A disk that <c>strata img convert -c</c> compressed is read by a real guest under QEMU, which also writes over compressed clusters.</summary>
[Trait("Category", "Qemu")]
public sealed class CompressedGuestDiskSpecs
{
    private const int DiskSize = 24 * 1024 * 1024;
    private const long WriteOffset = 3 * 1024 * 1024;
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AGuestReadsAStrataCompressedDiskAndWritesOverItsCompressedClusters()
    {
        await using var scope = QemuScope.Create();
        var guest = await TinyGuest.GetAsync();

        // The tiny guest's own files as a disk: a kernel and an initramfs compress the way real disks do.
        byte[] content = new byte[DiskSize];
        byte[] initrd = await File.ReadAllBytesAsync(guest.Initrd);
        byte[] kernel = await File.ReadAllBytesAsync(guest.Kernel);
        initrd.AsSpan(0, Math.Min(initrd.Length, DiskSize / 2)).CopyTo(content);
        kernel.AsSpan(0, Math.Min(kernel.Length, DiskSize / 2)).CopyTo(content.AsSpan(DiskSize / 2));
        string source = scope.File("disk.raw");
        await File.WriteAllBytesAsync(source, content);
        string disk = scope.File("disk.qcow2");
        var converted = await StrataCli.RunAsync(["img", "convert", "-c", "-f", "raw", "-O", "qcow2", source, disk]);
        Assert.True(converted.ExitCode == 0, converted.ToString());
        var check = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", disk);
        Assert.True(check.ExitCode == 0 && check.Stdout.Contains("compressed clusters", StringComparison.Ordinal), check.ToString());
        await ImageScratch.QemuImgOkAsync("compare", "-f", "qcow2", "-F", "raw", disk, source);
        Assert.True(new FileInfo(disk).Length < DiskSize * 3 / 4, "the compressed disk did not shrink");

        int port = GuestSsh.FreePort();
        string xml = guest.DomainXmlWithDisk("compressed", scope.File("compressed.serial"), disk, "qcow2", port);
        var domain = await scope.Driver.CreateAsync(xml, default);
        await GuestSsh.WaitForBannerAsync(port, Boot);

        var sum = await GuestSsh.RunAsync(port, guest.SshKey, "sha256sum /dev/vda");
        Assert.True(sum.ExitCode == 0, sum.ToString());
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(content)), sum.Stdout, StringComparison.Ordinal);

        byte[] patch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("written over a compressed cluster\n", 300)))[..8192];
        var write = await GuestSsh.RunAsync(port, guest.SshKey, $"dd of=/dev/vda bs=4096 seek={WriteOffset / 4096} conv=notrunc,fsync 2>/dev/null && sync", stdin: Encoding.ASCII.GetString(patch));
        Assert.True(write.ExitCode == 0, write.ToString());
        await scope.Driver.ShutdownAsync(domain, default);
        using (var stopped = new CancellationTokenSource(Boot))
            Assert.Equal(DomainState.Shutoff, (await scope.Driver.WaitForStopAsync(domain, stopped.Token)).State);

        // QEMU copied the compressed cluster out and dropped its references: the refcounts Strata wrote add up.
        check = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", disk);
        Assert.True(check.ExitCode == 0, check.ToString());
        patch.CopyTo(content, WriteOffset);
        using var image = DiskImage.Open(disk);
        byte[] seen = await ImageScratch.ReadAllAsync(image);
        Assert.True(content.AsSpan().SequenceEqual(seen), "the disk read through Strata is not the source with the guest's write");
    }
}
