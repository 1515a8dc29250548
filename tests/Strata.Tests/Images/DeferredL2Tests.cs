using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>
/// Writes into L2 tables already on disk keep their new entries in memory until a flush: the file as it is at any
/// moment before (what a crash would leave) is consistent with at worst leaks, and a flush or close maps every write.
/// </summary>
public class DeferredL2Tests
{
    private const int Size = 4 * 1024 * 1024;

    [Fact]
    public async Task BeforeAFlushTheFileOnDiskHasOnlyLeaksAndAfterItEveryWrite()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("deferred.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = Size });
        byte[] expected = new byte[Size];
        using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        await image.WriteAsync(0, new byte[] { 1 }); // the L2 table now exists on disk
        expected[0] = 1;
        await image.FlushAsync();

        var random = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            byte[] chunk = new byte[random.Next(1, 9000)];
            random.NextBytes(chunk);
            int offset = random.Next(0, Size - chunk.Length);
            await image.WriteAsync(offset, chunk);
            chunk.CopyTo(expected, offset);
        }
        Assert.Equal(expected, await ImageScratch.ReadAllAsync(image)); // reads see the entries held in memory

        // What a crash now would leave: the file as it is.
        string crashed = scratch.File("crashed.qcow2");
        File.Copy(path, crashed);
        var check = await ImageScratch.QemuImgAsync("check", "-f", "qcow2", crashed);
        Assert.True(check.ExitCode is 0 or 3, check.ToString());
        using (var copy = DiskImage.Open(crashed))
        {
            Assert.Equal(0, (await copy.CheckAsync()).Corruptions);
            Assert.NotEqual(expected, await ImageScratch.ReadAllAsync(copy)); // the new mappings were still held back
        }

        await image.FlushAsync();
        string flushed = scratch.File("flushed.qcow2");
        File.Copy(path, flushed);
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", flushed);
        using (var copy = DiskImage.Open(flushed))
            Assert.Equal(expected, await ImageScratch.ReadAllAsync(copy));
    }

    [Fact]
    public async Task ClosingWithoutAFlushStillMapsEveryWrite()
    {
        using var scratch = new ImageScratch();
        string path = scratch.File("closed.qcow2");
        DiskImage.Create(path, new ImageCreateOptions { Size = Size });
        using (var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false }))
        {
            await image.WriteAsync(0, new byte[] { 1 });
            await image.FlushAsync();
            await image.WriteAsync(3 * 65536, new byte[] { 2, 3 });
        }
        await ImageScratch.QemuImgOkAsync("check", "-f", "qcow2", path);
        using var reopened = DiskImage.Open(path);
        byte[] two = new byte[2];
        await reopened.ReadAsync(3 * 65536, two);
        Assert.Equal(new byte[] { 2, 3 }, two);
    }
}
