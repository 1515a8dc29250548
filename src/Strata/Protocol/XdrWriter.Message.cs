using System.Buffers.Binary;

namespace Strata.Protocol;

public sealed partial class XdrWriter
{
    /// <summary>Starts a new message: clears the buffer, leaves room for the length word and writes the header.</summary>
    public void BeginMessage(in MessageHeader header)
    {
        Reset();
        Reserve(NetLimits.LengthWordSize);
        header.Encode(this);
    }

    /// <summary>Fills in the length word of the message begun with <see cref="BeginMessage"/> and returns the whole frame.</summary>
    public ReadOnlyMemory<byte> FinishMessage()
    {
        if (_length < NetLimits.FrameMin)
        {
            throw new InvalidOperationException("no message was begun");
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer, (uint)_length);
        return WrittenMemory;
    }
}
