namespace Strata.Protocol;

/// <summary>An XDR payload or header that cannot be decoded: truncated, over a protocol limit, or holding an invalid value.</summary>
public sealed class MalformedMessageException(string message) : ProtocolException(message);
