namespace Strata.Protocol;

/// <summary>How a message ended (<c>virNetMessageStatus</c>).</summary>
public enum MessageStatus
{
    /// <summary>Calls always; replies that succeeded; a finished stream (<c>VIR_NET_OK</c>).</summary>
    Ok = 0,

    /// <summary>A reply or stream that failed; a <see cref="RemoteError"/> follows (<c>VIR_NET_ERROR</c>).</summary>
    Error = 1,

    /// <summary>A stream packet with more to come (<c>VIR_NET_CONTINUE</c>).</summary>
    Continue = 2,
}
