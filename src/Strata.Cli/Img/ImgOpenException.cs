namespace Strata.Cli.Img;

/// <summary>An image that exists but cannot be used: the message says what is wrong with it.</summary>
internal sealed class ImgOpenException(string file, string reason)
    : StrataException(ErrorCode.OperationFailed, $"Could not open '{file}': {reason}");
