namespace Strata.Environments.Boxes;

/// <summary>
/// The Debian cloud kernel the tiny box boots: the package <c>linux-image-cloud-amd64</c> points at, downloaded once
/// with <c>apt-get download</c> (kept, so a rebuild needs no network) and unpacked with <c>dpkg -x</c>.
/// </summary>
/// <param name="Release">The kernel release, e.g. <c>6.1.0-56-cloud-amd64</c>.</param>
/// <param name="Root">Where the package was unpacked.</param>
internal sealed record DebianKernel(string Release, string Root)
{
    private const string MetaPackage = "linux-image-cloud-amd64";
    private const string PackagePrefix = "linux-image-";
    private const string PackageSuffix = "-cloud-amd64";

    /// <summary>The compressed kernel (bzImage).</summary>
    public string BzImage => Path.Combine(Root, "boot", "vmlinuz-" + Release);

    /// <summary>The kernel's build configuration.</summary>
    public string Config => Path.Combine(Root, "boot", "config-" + Release);

    /// <summary>The folder the module paths of modules.builtin are relative to.</summary>
    public string ModulesDir => Path.Combine(Root, "lib", "modules", Release);

    /// <summary>
    /// The kernel package as a .deb in <paramref name="cache"/>: the one apt-cache names if it is already there or can
    /// be downloaded, else the newest one cached (so the box builds offline once a kernel was downloaded).
    /// </summary>
    public static async Task<string> DownloadAsync(string cache, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cache);
        var (package, version) = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        string[] cached = [.. Directory.EnumerateFiles(cache, PackagePrefix + "*.deb").Order(StringComparer.Ordinal)];
        if (package is null || version is null)
        {
            return cached.Length > 0
                ? cached[^1]
                : throw new BoxException($"cannot find the Debian package {MetaPackage} with apt-cache (run apt-get update?)");
        }
        // apt-get download names the file so: an epoch's ':' is written as %3a.
        string deb = Path.Combine(cache, $"{package}_{version.Replace(":", "%3a", StringComparison.Ordinal)}_amd64.deb");
        if (File.Exists(deb))
            return deb;

        progress?.Report($"downloading {package} {version}");
        string download = Directory.CreateDirectory(Path.Combine(cache, $".download-{Guid.NewGuid():N}")).FullName;
        try
        {
            await SystemTool.RunAsync("apt-get", ["download", "-q", $"{package}={version}"], cancellationToken, download).ConfigureAwait(false);
            string fetched = Directory.EnumerateFiles(download, "*.deb").SingleOrDefault()
                ?? throw new BoxException($"apt-get download {package}={version} left no .deb");
            File.Move(fetched, deb, overwrite: true);
        }
        catch (ToolFailedException error) when (cached.Length > 0)
        {
            progress?.Report($"warning: {error.Message}; using {Path.GetFileName(cached[^1])}");
            return cached[^1];
        }
        finally
        {
            Directory.Delete(download, recursive: true);
        }
        foreach (string old in cached)
            File.Delete(old); // only the newest kernel is worth keeping
        return deb;
    }

    /// <summary>Unpacks <paramref name="deb"/> into <paramref name="into"/>.</summary>
    public static async Task<DebianKernel> ExtractAsync(string deb, string into, CancellationToken cancellationToken)
    {
        await SystemTool.RunAsync("dpkg", ["-x", deb, into], cancellationToken).ConfigureAwait(false);
        string modules = Path.Combine(into, "lib", "modules");
        string release = Directory.Exists(modules)
            ? Directory.EnumerateDirectories(modules).Select(Path.GetFileName).SingleOrDefault() ?? ""
            : "";
        var kernel = new DebianKernel(release, into);
        if (release.Length == 0 || !File.Exists(kernel.BzImage))
            throw new BoxException($"{Path.GetFileName(deb)} holds no kernel image under boot/");
        return kernel;
    }

    /// <summary>True when the kernel has <paramref name="module"/> (e.g. <c>fs/ext4/ext4</c>) built in rather than as a .ko.</summary>
    public bool IsBuiltIn(string module)
    {
        string builtin = Path.Combine(ModulesDir, "modules.builtin");
        return File.Exists(builtin) && File.ReadLines(builtin).Any(line => line == $"kernel/{module}.ko");
    }

    /// <summary>The package <c>linux-image-cloud-amd64</c> depends on and its version, or nulls when apt does not know.</summary>
    private static async Task<(string? Package, string? Version)> ResolveAsync(CancellationToken cancellationToken)
    {
        string show;
        try
        {
            show = await SystemTool.RunAsync("apt-cache", ["show", "--no-all-versions", MetaPackage], cancellationToken).ConfigureAwait(false);
        }
        catch (ToolFailedException)
        {
            return (null, null);
        }
        // "Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2)"
        string? depends = show.Split('\n').FirstOrDefault(l => l.StartsWith("Depends:", StringComparison.Ordinal));
        if (depends is null)
            return (null, null);
        foreach (string part in depends["Depends:".Length..].Split(','))
        {
            string dependency = part.Trim();
            int space = dependency.IndexOf(' ', StringComparison.Ordinal);
            string package = space < 0 ? dependency : dependency[..space];
            if (!package.StartsWith(PackagePrefix, StringComparison.Ordinal) || !package.EndsWith(PackageSuffix, StringComparison.Ordinal)
                || !char.IsAsciiDigit(package[PackagePrefix.Length]))
                continue;
            int equals = dependency.IndexOf("(=", StringComparison.Ordinal);
            string? version = equals < 0 ? null : dependency[(equals + 2)..].TrimEnd(')').Trim();
            return (package, string.IsNullOrEmpty(version) ? null : version);
        }
        return (null, null);
    }
}
