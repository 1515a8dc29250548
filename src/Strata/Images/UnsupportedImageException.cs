namespace Strata.Images;

/// <summary>A well-formed image that uses a feature Strata does not implement (encryption, external data files, …).</summary>
public sealed class UnsupportedImageException(string path, string feature)
    : StrataException(ErrorCode.ConfigUnsupported, $"Image '{path}' uses an unsupported feature: {feature}")
{
    /// <summary>The image file that was refused.</summary>
    public string ImagePath { get; } = path;
}
