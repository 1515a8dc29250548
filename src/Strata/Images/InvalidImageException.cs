namespace Strata.Images;

/// <summary>An image whose metadata is broken or hostile (bad header, tables past the end, overlapping metadata).</summary>
public sealed class InvalidImageException(string path, string problem)
    : StrataException(ErrorCode.OperationFailed, $"Image '{path}' is invalid: {problem}")
{
    /// <summary>The image file that was refused.</summary>
    public string ImagePath { get; } = path;
}
