namespace Strata.Protocol;

/// <summary>Sizes and limits of libvirt's RPC layer (virnetprotocol.x), shared by every program on the wire.</summary>
public static class NetLimits
{
    /// <summary>Largest message after the length word (<c>VIR_NET_MESSAGE_MAX</c>); bounds what a peer can make us allocate.</summary>
    public const int MessageMax = 16 * 1024 * 1024;

    /// <summary>Size of the length word that starts every frame and counts itself (<c>VIR_NET_MESSAGE_LEN_MAX</c>).</summary>
    public const int LengthWordSize = 4;

    /// <summary>Size of the encoded header: six 4-byte fields (<c>VIR_NET_MESSAGE_HEADER_MAX</c>).</summary>
    public const int HeaderSize = 24;

    /// <summary>Largest payload after the header (<c>VIR_NET_MESSAGE_PAYLOAD_MAX</c>).</summary>
    public const int PayloadMax = MessageMax - HeaderSize;

    /// <summary>Largest value the length word may carry: the message plus the length word itself.</summary>
    public const int FrameMax = MessageMax + LengthWordSize;

    /// <summary>Smallest valid frame: a length word and a header with an empty payload.</summary>
    public const int FrameMin = LengthWordSize + HeaderSize;

    /// <summary>Size of the buffer libvirt starts with (<c>VIR_NET_MESSAGE_INITIAL</c>); most messages fit.</summary>
    public const int MessageInitial = 65536;

    /// <summary>Longest string in the RPC layer's own structs (<c>VIR_NET_MESSAGE_STRING_MAX</c>).</summary>
    public const int StringMax = 4 * 1024 * 1024;

    /// <summary>Most file descriptors one message may carry (<c>VIR_NET_MESSAGE_NUM_FDS_MAX</c>).</summary>
    public const int FileDescriptorsMax = 32;

    /// <summary>Bytes in a UUID on the wire (<c>VIR_UUID_BUFLEN</c>).</summary>
    public const int UuidLength = 16;
}
