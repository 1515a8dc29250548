namespace Strata.Protocol;

/// <summary>A message that breaks libvirt's wire protocol: malformed, truncated, too large, or not what was expected.</summary>
public class ProtocolException(string message, Exception? inner = null)
    : StrataException((ErrorCode)LibvirtErrors.Rpc, message, inner);
