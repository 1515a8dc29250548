namespace Strata.Environments.Boxes;

/// <summary>
/// The bootable kernel of each downloaded kernel package, unpacked once (into the PVH ELF when possible) and
/// hard-linked into every tiny generation made from that package, so generations share one copy on disk.
/// </summary>
internal static class KernelCache
{
    /// <summary>Links the kernel of <paramref name="kernel"/> (from <paramref name="deb"/>) into <paramref name="generation"/>, unpacking it on first use.</summary>
    public static async Task LinkIntoAsync(string cacheDirectory, string deb, DebianKernel kernel, string generation, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        string stem = Path.GetFileNameWithoutExtension(deb);
        string? cached = TinyBox.KernelFiles.Select(f => Path.Combine(cacheDirectory, $"{stem}.{f}")).FirstOrDefault(File.Exists);
        if (cached is null)
        {
            string temp = Path.Combine(cacheDirectory, $".unpack-{Guid.NewGuid():N}");
            try
            {
                if (await PvhKernel.TryExtractAsync(kernel, temp, cancellationToken).ConfigureAwait(false))
                {
                    cached = Path.Combine(cacheDirectory, $"{stem}.vmlinux");
                }
                else
                {
                    progress?.Report("no PVH kernel; using the bzImage");
                    File.Copy(kernel.BzImage, temp);
                    cached = Path.Combine(cacheDirectory, $"{stem}.vmlinuz");
                }
                File.Move(temp, cached, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
            foreach (string old in Directory.EnumerateFiles(cacheDirectory).Where(f => !Path.GetFileName(f).StartsWith(stem + ".", StringComparison.Ordinal)))
                File.Delete(old); // generations that use an older kernel keep it through their own link
        }
        string target = Path.Combine(generation, Path.GetFileName(cached)[(stem.Length + 1)..]);
        try
        {
            await SystemTool.RunAsync("ln", [cached, target], cancellationToken).ConfigureAwait(false);
        }
        catch (ToolFailedException)
        {
            File.Copy(cached, target); // a store on a filesystem without hard links
        }
    }
}
