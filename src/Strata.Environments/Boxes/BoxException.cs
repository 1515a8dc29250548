namespace Strata.Environments.Boxes;

/// <summary>A box that cannot be found, built or imported; the message names what is wrong.</summary>
public sealed class BoxException(string message, Exception? inner = null) : StrataException(ErrorCode.OperationFailed, message, inner);
