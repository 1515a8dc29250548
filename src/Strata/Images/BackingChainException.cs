namespace Strata.Images;

/// <summary>A backing chain that loops, is too deep, or leads outside the directory the caller allowed.</summary>
public sealed class BackingChainException(string message)
    : StrataException(ErrorCode.OperationInvalid, message);
