using System.Buffers.Binary;

namespace Strata.Protocol;

/// <summary>Builds and parses whole frames: the 4-byte length word that counts itself, the header, the payload.</summary>
public static class Frame
{
    /// <summary>Checks a received length word, throwing <see cref="FrameSizeException"/> when it is out of bounds.</summary>
    public static int ValidateLength(uint length)
    {
        if (length < NetLimits.FrameMin || length > NetLimits.FrameMax)
        {
            throw new FrameSizeException(length);
        }

        return (int)length;
    }

    /// <summary>Reads the length word at the start of <paramref name="buffer"/> (which holds at least 4 bytes) and validates it.</summary>
    public static int ReadLength(ReadOnlySpan<byte> buffer) =>
        ValidateLength(BinaryPrimitives.ReadUInt32BigEndian(buffer));

    /// <summary>
    /// Parses one frame from the start of <paramref name="buffer"/>. Returns false when the buffer does not yet
    /// hold the whole frame; throws when the frame is invalid. The payload is copied out.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Message? message, out int consumed)
    {
        message = null;
        consumed = 0;
        if (buffer.Length < NetLimits.LengthWordSize)
        {
            return false;
        }

        int length = ReadLength(buffer);
        if (buffer.Length < length)
        {
            return false;
        }

        message = Parse(buffer[..length]);
        consumed = length;
        return true;
    }

    /// <summary>Parses exactly one whole frame, length word included.</summary>
    public static Message Parse(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < NetLimits.LengthWordSize)
        {
            throw new MalformedMessageException("frame shorter than its length word");
        }

        int length = ReadLength(frame);
        if (length != frame.Length)
        {
            throw new MalformedMessageException($"frame says {length} bytes but holds {frame.Length}");
        }

        var reader = new XdrReader(frame[NetLimits.LengthWordSize..]);
        var header = MessageHeader.Decode(ref reader);
        var payload = frame[NetLimits.FrameMin..].ToArray();
        return new Message(header, payload);
    }

    /// <summary>A frame with an empty payload.</summary>
    public static byte[] Build(in MessageHeader header)
    {
        var writer = new XdrWriter(NetLimits.FrameMin);
        writer.BeginMessage(header);
        return writer.FinishMessage().ToArray();
    }

    /// <summary>A frame carrying <paramref name="body"/>.</summary>
    public static byte[] Build<T>(in MessageHeader header, T body) where T : IXdrType<T>
    {
        ArgumentNullException.ThrowIfNull(body);
        var writer = new XdrWriter();
        writer.BeginMessage(header);
        body.Encode(writer);
        return writer.FinishMessage().ToArray();
    }

    /// <summary>The error reply to <paramref name="call"/>.</summary>
    public static byte[] BuildError(in MessageHeader call, RemoteError error) =>
        Build(call.ReplyHeader(MessageStatus.Error), error);
}
