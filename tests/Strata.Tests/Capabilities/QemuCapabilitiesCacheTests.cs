using System.Diagnostics;
using Strata.Drivers.Qemu.Capabilities;
using Xunit.Abstractions;

namespace Strata.Tests.Capabilities;

[Trait("Category", "Qemu")]
public class QemuCapabilitiesCacheTests(ITestOutputHelper output)
{
    /// <summary>
    /// A private stand-in for the real emulator (a script that execs it), so that its mtime can be changed. A
    /// copied binary would not do: QEMU finds its accelerator modules relative to its own path.
    /// </summary>
    private static string CopyEmulator(TempDir dir) =>
        dir.Script("qemu-system-x86_64", $"exec '{EmulatorLocator.Find(null)}' \"$@\"");

    [Fact]
    public async Task TheFirstCallProbesAndLaterCallsReadTheFile()
    {
        using var dir = new TempDir();
        string emulator = CopyEmulator(dir);
        string cache = Path.Combine(dir.Path, "cache");

        var clock = Stopwatch.StartNew();
        var probed = await QemuCapabilitiesCache.GetAsync(emulator, cache);
        double probeMs = clock.Elapsed.TotalMilliseconds;
        Assert.True(File.Exists(QemuCapabilitiesCache.CacheFile(cache, emulator)));
        Assert.Empty(Directory.GetFiles(cache, "*.tmp"));

        // As another process would: nothing in memory, only the file.
        QemuCapabilitiesCache.ClearMemory();
        clock.Restart();
        var fromFile = await QemuCapabilitiesCache.GetAsync(emulator, cache);
        double readMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var fromMemory = await QemuCapabilitiesCache.GetAsync(emulator, cache);
        double memoryMs = clock.Elapsed.TotalMilliseconds;
        output.WriteLine($"probe + write: {probeMs:F0} ms; cached file read: {readMs:F2} ms; in-memory: {memoryMs:F3} ms");

        Assert.Equal(probed.ProbedAt, fromFile.ProbedAt); // not probed again
        Assert.Equal(probed.Version, fromFile.Version);
        Assert.Equal(probed.Machines, fromFile.Machines);
        Assert.Equal(probed.CpuModels, fromFile.CpuModels);
        Assert.Equal(probed.DeviceTypes, fromFile.DeviceTypes);
        Assert.Equal(probed.Accelerators, fromFile.Accelerators);
        Assert.Equal(probed.SandboxSupported, fromFile.SandboxSupported);
        Assert.Same(fromFile, fromMemory);
        Assert.NotNull(QemuCapabilitiesCache.TryRead(emulator, cache));
    }

    [Fact]
    public async Task AChangedBinaryIsProbedAgain()
    {
        using var dir = new TempDir();
        string emulator = CopyEmulator(dir);
        string cache = Path.Combine(dir.Path, "cache");
        var first = await QemuCapabilitiesCache.GetAsync(emulator, cache);

        File.SetLastWriteTimeUtc(emulator, DateTime.UtcNow.AddMinutes(1));
        Assert.Null(QemuCapabilitiesCache.TryRead(emulator, cache));
        var second = await QemuCapabilitiesCache.GetAsync(emulator, cache);
        Assert.NotEqual(first.ProbedAt, second.ProbedAt);
        Assert.NotNull(QemuCapabilitiesCache.TryRead(emulator, cache));
    }

    [Fact]
    public async Task ACorruptCacheFileIsReplaced()
    {
        using var dir = new TempDir();
        string emulator = CopyEmulator(dir);
        string cache = Path.Combine(dir.Path, "cache");
        Directory.CreateDirectory(cache);
        await File.WriteAllTextAsync(QemuCapabilitiesCache.CacheFile(cache, emulator), "{ not json");
        Assert.Null(QemuCapabilitiesCache.TryRead(emulator, cache));
        var caps = await QemuCapabilitiesCache.GetAsync(emulator, cache);
        Assert.Equal("x86_64", caps.Arch);
        Assert.NotNull(QemuCapabilitiesCache.TryRead(emulator, cache));
    }

    [Fact]
    public async Task ConcurrentCallersShareOneProbe()
    {
        using var dir = new TempDir();
        string emulator = CopyEmulator(dir);
        string cache = Path.Combine(dir.Path, "cache");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => QemuCapabilitiesCache.GetAsync(emulator, cache))));
        Assert.Single(results.Select(r => r.ProbedAt).Distinct());
    }

    [Fact]
    public async Task AMissingBinaryIsAClearError()
    {
        using var dir = new TempDir();
        var error = await Assert.ThrowsAsync<HypervisorException>(
            () => QemuCapabilitiesCache.GetAsync(Path.Combine(dir.Path, "nothing"), dir.Path));
        Assert.Contains("Cannot find QEMU binary", error.Message, StringComparison.Ordinal);
    }
}
