namespace Strata.Protocol;

/// <summary>A frame whose length word is below the header size or above <see cref="NetLimits.MessageMax"/>; refused before anything is allocated.</summary>
public sealed class FrameSizeException(uint length)
    : ProtocolException($"packet {length} bytes received too {(length < NetLimits.FrameMin ? "small" : "large")}, want {(length < NetLimits.FrameMin ? NetLimits.FrameMin : NetLimits.FrameMax)}")
{
    /// <summary>The length word as received.</summary>
    public uint Length { get; } = length;
}
