namespace Strata.Images;

/// <summary>How to open an image and its backing chain.</summary>
public sealed record ImageOpenOptions
{
    /// <summary>A chain deeper than this is refused; QEMU users rarely go past a handful of layers.</summary>
    public const int DefaultMaxChainDepth = 16;

    /// <summary>Opens the top image for reading only; backing files are always read-only.</summary>
    public bool ReadOnly { get; init; } = true;

    /// <summary>The top image's format, or null to probe it from its first bytes.</summary>
    public ImageFormat? Format { get; init; }

    /// <summary>When set, the image and every backing file must resolve (symlinks followed) to a path inside this directory.</summary>
    public string? AllowedRoot { get; init; }

    /// <summary>The most images a chain may hold, the top one included.</summary>
    public int MaxChainDepth { get; init; } = DefaultMaxChainDepth;

    /// <summary>Opens no backing file: unallocated clusters read as zeros (what <c>qemu-img info</c> needs).</summary>
    public bool IgnoreBacking { get; init; }
}
