namespace Strata.Protocol;

/// <summary>What a message is (<c>virNetMessageType</c>).</summary>
public enum MessageType
{
    /// <summary>Client to server: the arguments of a call (<c>VIR_NET_CALL</c>).</summary>
    Call = 0,

    /// <summary>Server to client: the result or error of a call, same serial (<c>VIR_NET_REPLY</c>).</summary>
    Reply = 1,

    /// <summary>Either way: an asynchronous notification such as an event or keepalive, serial 0 (<c>VIR_NET_MESSAGE</c>).</summary>
    Message = 2,

    /// <summary>Either way: a packet of stream data (<c>VIR_NET_STREAM</c>).</summary>
    Stream = 3,

    /// <summary>Client to server: a call that passes file descriptors (<c>VIR_NET_CALL_WITH_FDS</c>).</summary>
    CallWithFds = 4,

    /// <summary>Server to client: a reply that passes file descriptors (<c>VIR_NET_REPLY_WITH_FDS</c>).</summary>
    ReplyWithFds = 5,

    /// <summary>Either way: a hole in sparse stream data (<c>VIR_NET_STREAM_HOLE</c>).</summary>
    StreamHole = 6,
}
