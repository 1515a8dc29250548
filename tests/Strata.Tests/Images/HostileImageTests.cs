using System.Buffers.Binary;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Broken and hostile images are refused with a typed error, never crash the reader, and are never written.</summary>
public class HostileImageTests
{
    // Strata's layout for a fresh 64 KiB-cluster image: header, refcount table, refcount block, L1; then the first write's L2 and data.
    private const long RefTableOffset = 0x10000;
    private const long RefBlockOffset = 0x20000;
    private const long L1Offset = 0x30000;
    private const long FirstL2Offset = 0x40000;

    private static async Task<string> ValidImageAsync(ImageScratch scratch, string name = "victim.qcow2")
    {
        string path = scratch.File(name);
        DiskImage.Create(path, new ImageCreateOptions { Size = 4 * 1024 * 1024 });
        using var image = DiskImage.Open(path, new ImageOpenOptions { ReadOnly = false });
        await image.WriteAsync(0, new byte[] { 1, 2, 3 });
        await image.FlushAsync();
        return path;
    }

    private static void Patch(string path, long offset, ulong value, int width = 8)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        stream.Position = offset;
        stream.Write(bytes, 8 - width, width);
    }

    /// <summary>Opens read-write (and reads everything if the open succeeds) expecting <typeparamref name="T"/>; the file must not change.</summary>
    private static async Task<T> RefusedUnchangedAsync<T>(string path, ImageOpenOptions? options = null) where T : StrataException
    {
        byte[] before = ImageScratch.Sha(path);
        var error = await Assert.ThrowsAsync<T>(async () =>
        {
            // The format is given: a probe would (rightly) take a qcow2 file with a broken magic for raw.
            using var image = DiskImage.Open(path, options ?? new ImageOpenOptions { ReadOnly = false, Format = ImageFormat.Qcow2 });
            await ImageScratch.ReadAllAsync(image);
            await image.WriteAsync(0, new byte[] { 9 });
        });
        Assert.Equal(before, ImageScratch.Sha(path));
        return error;
    }

    [Fact]
    public async Task ATruncatedImageIsRefused()
    {
        using var scratch = new ImageScratch();
        string path = await ValidImageAsync(scratch);
        File.WriteAllBytes(path, File.ReadAllBytes(path).AsSpan(0, 50).ToArray());
        await RefusedUnchangedAsync<InvalidImageException>(path);

        string cut = await ValidImageAsync(scratch, "cut.qcow2");
        File.WriteAllBytes(cut, File.ReadAllBytes(cut).AsSpan(0, (int)L1Offset).ToArray());
        var error = await RefusedUnchangedAsync<InvalidImageException>(cut);
        Assert.Contains("L1 table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefcountTablePointingPastTheEndIsRefused()
    {
        using var scratch = new ImageScratch();
        string path = await ValidImageAsync(scratch);
        Patch(path, RefTableOffset, 0x4000_0000);
        var error = await RefusedUnchangedAsync<InvalidImageException>(path);
        Assert.Contains("refcount block", error.Message, StringComparison.Ordinal);

        string header = await ValidImageAsync(scratch, "header.qcow2");
        Patch(header, 48, 0x7000_0000); // refcount_table_offset
        await RefusedUnchangedAsync<InvalidImageException>(header);
    }

    [Fact]
    public async Task AnL2EntryPointingIntoMetadataIsRefused()
    {
        using var scratch = new ImageScratch();
        // Offset 0 (the header) cannot be named: an L2 entry with offset 0 means "unallocated".
        foreach (long target in new[] { RefTableOffset, RefBlockOffset, L1Offset, FirstL2Offset })
        {
            string path = await ValidImageAsync(scratch, $"l2-{target:x}.qcow2");
            Patch(path, FirstL2Offset, (1UL << 63) | (ulong)target);
            var error = await RefusedUnchangedAsync<InvalidImageException>(path);
            Assert.Contains("0x", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnL1EntryOverlappingOtherMetadataIsRefused()
    {
        using var scratch = new ImageScratch();
        string path = await ValidImageAsync(scratch);
        Patch(path, L1Offset, (1UL << 63) | RefBlockOffset);
        var error = await RefusedUnchangedAsync<InvalidImageException>(path);
        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnalignedOrPastTheEndL2EntryIsRefused()
    {
        using var scratch = new ImageScratch();
        string unaligned = await ValidImageAsync(scratch, "unaligned.qcow2");
        Patch(unaligned, FirstL2Offset, (1UL << 63) | 0x50200);
        await RefusedUnchangedAsync<InvalidImageException>(unaligned);
        string past = await ValidImageAsync(scratch, "past.qcow2");
        Patch(past, FirstL2Offset, (1UL << 63) | 0x10_0000_0000);
        await RefusedUnchangedAsync<InvalidImageException>(past);
    }

    [Fact]
    public async Task HugeSizesAndBrokenFieldsAreRefused()
    {
        using var scratch = new ImageScratch();
        (long Offset, ulong Value, int Width, string Expect)[] cases =
        [
            (24, 1UL << 62, 8, "virtual size"),
            (24, 1UL << 40, 8, "too small"), // a larger disk than the L1 table maps
            (36, 0x7FFF_FFFF, 4, "L1 table"),
            (20, 30, 4, "cluster_bits"),
            (20, 8, 4, "cluster_bits"),
            (0, 0x1234_5678, 4, "magic"),
            (56, 0x10_0000, 4, "refcount table"),
            (96, 7, 4, "refcount_order"),
            (100, 4100, 4, "header_length"),
            (60, 1_000_000, 4, "snapshots"),
        ];
        foreach (var c in cases)
        {
            string path = await ValidImageAsync(scratch, $"field-{c.Offset}-{c.Value}.qcow2");
            Patch(path, c.Offset, c.Value, c.Width);
            var error = await RefusedUnchangedAsync<InvalidImageException>(path).WithContext(c.Expect);
            Assert.Contains(c.Expect, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnsupportedFeaturesAreRefusedByName()
    {
        using var scratch = new ImageScratch();
        (long Offset, ulong Value, int Width, string Expect)[] cases =
        [
            (72, 1UL << 10, 8, "unknown incompatible feature"),
            (72, 1UL << 2, 8, "external data file"),
            (72, 1UL << 4, 8, "extended L2"),
            (32, 1, 4, "encryption"),
            (104, 1, 1, "compression type 1"),
            (4, 4, 4, "version 4"),
        ];
        foreach (var c in cases)
        {
            string path = await ValidImageAsync(scratch, $"feature-{c.Offset}-{c.Value}.qcow2");
            Patch(path, c.Offset, c.Value, c.Width);
            var error = await RefusedUnchangedAsync<UnsupportedImageException>(path).WithContext(c.Expect);
            Assert.Contains(c.Expect, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABackingChainThatLoopsIsRefused()
    {
        using var scratch = new ImageScratch();
        DiskImage.Create(scratch.File("a.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "b.qcow2", BackingFormat = ImageFormat.Qcow2 });
        DiskImage.Create(scratch.File("b.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "./a.qcow2", BackingFormat = ImageFormat.Qcow2 });
        DiskImage.Create(scratch.File("self.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "self.qcow2", BackingFormat = ImageFormat.Qcow2 });

        var error = await RefusedUnchangedAsync<BackingChainException>(scratch.File("a.qcow2"));
        Assert.Contains("loops", error.Message, StringComparison.Ordinal);
        await RefusedUnchangedAsync<BackingChainException>(scratch.File("self.qcow2"));
    }

    [Fact]
    public async Task ABackingChainDeeperThanTheLimitIsRefused()
    {
        using var scratch = new ImageScratch();
        DiskImage.Create(scratch.File("0.raw"), new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        string below = "0.raw";
        var format = ImageFormat.Raw;
        for (int i = 1; i <= 4; i++)
        {
            DiskImage.Create(scratch.File($"{i}.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = below, BackingFormat = format });
            below = $"{i}.qcow2";
            format = ImageFormat.Qcow2;
        }
        using (var ok = DiskImage.Open(scratch.File("4.qcow2"), new ImageOpenOptions { MaxChainDepth = 5 }))
            Assert.Equal(4, ok.GetChainInfo().Count - 1);
        var error = await RefusedUnchangedAsync<BackingChainException>(scratch.File("4.qcow2"), new ImageOpenOptions { ReadOnly = false, MaxChainDepth = 4 });
        Assert.Contains("deeper than 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackingFileOutsideTheAllowedRootIsRefusedEvenThroughASymlink()
    {
        using var scratch = new ImageScratch();
        string root = scratch.File("pool");
        Directory.CreateDirectory(root);
        DiskImage.Create(scratch.File("secret.raw"), new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        DiskImage.Create(Path.Combine(root, "dotdot.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "../secret.raw", BackingFormat = ImageFormat.Raw });
        File.CreateSymbolicLink(Path.Combine(root, "link.raw"), scratch.File("secret.raw"));
        DiskImage.Create(Path.Combine(root, "symlink.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "link.raw", BackingFormat = ImageFormat.Raw });
        DiskImage.Create(Path.Combine(root, "inside.raw"), new ImageCreateOptions { Format = ImageFormat.Raw, Size = 1 << 20 });
        DiskImage.Create(Path.Combine(root, "good.qcow2"), new ImageCreateOptions { Size = 1 << 20, BackingFile = "inside.raw", BackingFormat = ImageFormat.Raw });

        var allowed = new ImageOpenOptions { ReadOnly = false, AllowedRoot = root };
        var error = await RefusedUnchangedAsync<BackingChainException>(Path.Combine(root, "dotdot.qcow2"), allowed);
        Assert.Contains("outside the allowed directory", error.Message, StringComparison.Ordinal);
        await RefusedUnchangedAsync<BackingChainException>(Path.Combine(root, "symlink.qcow2"), allowed);
        await RefusedUnchangedAsync<BackingChainException>(scratch.File("secret.raw"), allowed);
        using var good = DiskImage.Open(Path.Combine(root, "good.qcow2"), allowed);
        Assert.NotNull(good.Backing);
    }

    [Fact]
    public async Task RandomlyCorruptedMetadataNeverCrashesTheReader()
    {
        using var scratch = new ImageScratch();
        string pristine = await ValidImageAsync(scratch, "pristine.qcow2");
        byte[] original = File.ReadAllBytes(pristine);
        int refused = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            byte[] bytes = (byte[])original.Clone();
            for (int flips = 1 + random.Next(4); flips > 0; flips--)
            {
                // Aim at the metadata: the header, table entries and the first L2 entries.
                long[] regions = [0, RefTableOffset, RefBlockOffset, L1Offset, FirstL2Offset];
                long at = regions[random.Next(regions.Length)] + random.Next(random.Next(2) == 0 ? 16 : 128);
                bytes[at] ^= (byte)(1 << random.Next(8));
            }
            string path = scratch.File($"fuzz-{seed}.qcow2");
            File.WriteAllBytes(path, bytes);
            try
            {
                using var image = DiskImage.Open(path);
                byte[] window = new byte[(int)Math.Min(image.VirtualSize, 256 * 1024)];
                await image.ReadAsync(0, window);
                await image.ReadAsync(image.VirtualSize - window.Length, window);
            }
            catch (StrataException)
            {
                refused++;
            }
            File.Delete(path);
        }
        Assert.True(refused > 0);
    }
}
