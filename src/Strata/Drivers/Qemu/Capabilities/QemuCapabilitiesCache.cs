using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// Probes each QEMU binary once and keeps the answer as JSON in a cache directory, so later processes (every CLI
/// call) read a small file instead of starting QEMU. An entry is valid while the binary's size and mtime are
/// unchanged and the file format is the one this build writes; otherwise the binary is probed again.
/// </summary>
public static class QemuCapabilitiesCache
{
    /// <summary>Bump when <see cref="QemuCapabilities"/> changes shape, so old cache files are re-probed, not misread.</summary>
    internal const int Format = 1;

    private const string FilePrefix = "qemu-capabilities-";

    /// <summary>In-process memo, so a long-lived daemon does not even read the file twice for the same binary.</summary>
    private static readonly ConcurrentDictionary<(string Path, long Size, long Modified), Lazy<Task<QemuCapabilities>>> Memo = new();

    /// <summary>The capabilities of <paramref name="emulatorPath"/>: from memory, from <paramref name="cacheDir"/>, or probed (and stored).</summary>
    /// <exception cref="HypervisorException">The binary is missing or the probe failed.</exception>
    public static async Task<QemuCapabilities> GetAsync(string emulatorPath, string cacheDir, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(emulatorPath);
        ArgumentException.ThrowIfNullOrEmpty(cacheDir);
        var key = Identify(emulatorPath);
        var lazy = Memo.GetOrAdd(key, k => new Lazy<Task<QemuCapabilities>>(() => LoadOrProbeAsync(k.Path, k.Size, k.Modified, cacheDir)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            Memo.TryRemove(new KeyValuePair<(string, long, long), Lazy<Task<QemuCapabilities>>>(key, lazy));
            throw;
        }
    }

    /// <summary>Reads a valid cache entry without probing; null when there is none.</summary>
    public static QemuCapabilities? TryRead(string emulatorPath, string cacheDir)
    {
        var (path, size, modified) = Identify(emulatorPath);
        return TryRead(CacheFile(cacheDir, path), path, size, modified);
    }

    /// <summary>Forgets what this process remembered (tests; after replacing a binary in place within one mtime tick).</summary>
    public static void ClearMemory() => Memo.Clear();

    /// <summary>The cache file for one binary: named by a hash of its path.</summary>
    public static string CacheFile(string cacheDir, string emulatorPath)
    {
        ArgumentNullException.ThrowIfNull(emulatorPath);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(emulatorPath));
        return Path.Combine(cacheDir, FilePrefix + Convert.ToHexStringLower(hash.AsSpan(0, 8)) + ".json");
    }

    private static async Task<QemuCapabilities> LoadOrProbeAsync(string path, long size, long modified, string cacheDir)
    {
        string file = CacheFile(cacheDir, path);
        if (TryRead(file, path, size, modified) is { } cached) return cached;
        // Not bound to any one caller's token: other callers may share this probe; the probe has its own time limit.
        var probed = await QemuCapabilitiesProbe.ProbeAsync(path, CancellationToken.None).ConfigureAwait(false);
        await WriteAsync(file, new QemuCapabilitiesCacheEntry(Format, path, size, modified, probed)).ConfigureAwait(false);
        return probed;
    }

    private static QemuCapabilities? TryRead(string file, string path, long size, long modified)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException) { return null; }
        try
        {
            var entry = JsonSerializer.Deserialize(bytes, QemuCapabilitiesJsonContext.Default.QemuCapabilitiesCacheEntry);
            return entry is not null && entry.Format == Format && entry.EmulatorPath == path && entry.Size == size
                && entry.ModifiedTicks == modified && entry.Capabilities is not null
                ? entry.Capabilities
                : null;
        }
        catch (JsonException)
        {
            return null; // a corrupt or foreign file: probe again and replace it
        }
    }

    /// <summary>Stores an entry atomically; an unwritable cache costs a probe next time, not a failure now.</summary>
    private static async Task WriteAsync(string file, QemuCapabilitiesCacheEntry entry)
    {
        try
        {
            string json = JsonSerializer.Serialize(entry, QemuCapabilitiesJsonContext.Default.QemuCapabilitiesCacheEntry);
            await Storage.AtomicFile.WriteAllTextAsync(file, json, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The binary's identity: its full path, and the size and mtime of the file it resolves to.</summary>
    private static (string Path, long Size, long Modified) Identify(string emulatorPath)
    {
        string path = Path.GetFullPath(emulatorPath);
        FileSystemInfo target = new FileInfo(path);
        try
        {
            target = File.ResolveLinkTarget(path, returnFinalTarget: true) ?? target;
        }
        catch (IOException) { }
        if (target is not FileInfo { Exists: true } info)
            throw new HypervisorException($"Cannot find QEMU binary {emulatorPath}: No such file or directory");
        return (path, info.Length, info.LastWriteTimeUtc.Ticks);
    }
}
