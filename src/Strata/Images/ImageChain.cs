namespace Strata.Images;

/// <summary>Opens an image and its backing files, guarding against loops, deep chains and paths outside the allowed root.</summary>
internal static class ImageChain
{
    public static DiskImage Open(string path, ImageOpenOptions options)
    {
        string? root = options.AllowedRoot is null ? null : RealPath(options.AllowedRoot);
        return OpenLayer(path, options.Format, options.ReadOnly, options, root, new List<string>());
    }

    private static DiskImage OpenLayer(string path, ImageFormat? format, bool readOnly, ImageOpenOptions options, string? root, List<string> chain)
    {
        if (!File.Exists(path))
        {
            if (chain.Count > 0)
                throw new BackingChainException($"Backing file '{path}' of '{chain[^1]}' does not exist");
            throw new FileNotFoundException($"Image '{path}' does not exist", path);
        }
        string real = RealPath(path);
        if (root is not null && !IsInside(real, root))
            throw new BackingChainException($"Image '{path}' lies outside the allowed directory '{root}'");
        if (chain.Contains(real))
            throw new BackingChainException($"Backing chain loops: '{path}' is already in the chain {string.Join(" -> ", chain)}");
        if (chain.Count >= options.MaxChainDepth)
            throw new BackingChainException($"Backing chain of '{chain[0]}' is deeper than {options.MaxChainDepth} images");
        chain.Add(real);

        format ??= DiskImage.Probe(real);
        if (format == ImageFormat.Raw)
            return new RawImage(real, readOnly);
        return Qcow2Image.Open(real, readOnly, header =>
        {
            if (header.BackingFile is null || options.IgnoreBacking)
                return null;
            string backingPath = ResolveBacking(real, header.BackingFile);
            ImageFormat? backingFormat = header.BackingFormat switch
            {
                null => null,
                "raw" => ImageFormat.Raw,
                "qcow2" => ImageFormat.Qcow2,
                var other => throw new UnsupportedImageException(path, $"backing format '{other}'"),
            };
            return OpenLayer(backingPath, backingFormat, readOnly: true, options, root, chain);
        });
    }

    /// <summary>A relative backing name is relative to the directory of the image that names it, as in QEMU.</summary>
    public static string ResolveBacking(string imagePath, string backingFile) =>
        System.IO.Path.IsPathRooted(backingFile)
            ? backingFile
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(imagePath)!, backingFile));

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>The path with every symlink resolved, so that a link cannot smuggle a file past the allowed root.</summary>
    public static string RealPath(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string resolved = "/";
        var pending = new Stack<string>(Enumerable.Reverse(full.Split('/', StringSplitOptions.RemoveEmptyEntries)));
        int links = 0;
        const int maxLinks = 40; // Linux's own limit on symlinks followed in one lookup
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            string next = System.IO.Path.Combine(resolved, part);
            var info = new FileInfo(next);
            string? target = info.Exists || Directory.Exists(next) ? info.LinkTarget : null;
            if (target is null)
            {
                resolved = next;
                continue;
            }
            if (++links > maxLinks)
                throw new BackingChainException($"Too many symbolic links in '{path}'");
            string absolute = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(target) ? target : System.IO.Path.Combine(resolved, target));
            foreach (string p in Enumerable.Reverse(absolute.Split('/', StringSplitOptions.RemoveEmptyEntries)))
                pending.Push(p);
            resolved = "/";
        }
        return resolved;
    }
}
