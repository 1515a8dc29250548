namespace Strata.Protocol;

/// <summary>The header every message starts with after its length word (<c>virNetMessageHeader</c>).</summary>
/// <param name="Program">Which program the procedure belongs to (<see cref="RemoteProgram.Number"/>, <see cref="KeepaliveProgram.Number"/>).</param>
/// <param name="Version">The program's protocol version.</param>
/// <param name="Procedure">The procedure number within the program.</param>
/// <param name="Type">Call, reply, event message, stream …</param>
/// <param name="Serial">Chosen by the caller; a reply carries its call's serial; event messages carry 0.</param>
/// <param name="Status">OK, error or continue.</param>
public readonly record struct MessageHeader(
    uint Program,
    uint Version,
    int Procedure,
    MessageType Type,
    uint Serial,
    MessageStatus Status) : IXdrType<MessageHeader>
{
    /// <summary>The header of the reply to this call: same program, procedure and serial.</summary>
    public MessageHeader ReplyHeader(MessageStatus status = MessageStatus.Ok) =>
        this with { Type = Type == MessageType.CallWithFds ? MessageType.ReplyWithFds : MessageType.Reply, Status = status };

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(Program);
        writer.WriteUInt32(Version);
        writer.WriteInt32(Procedure);
        writer.WriteInt32((int)Type);
        writer.WriteUInt32(Serial);
        writer.WriteInt32((int)Status);
    }

    /// <inheritdoc/>
    public static MessageHeader Decode(ref XdrReader reader)
    {
        uint program = reader.ReadUInt32();
        uint version = reader.ReadUInt32();
        int procedure = reader.ReadInt32();
        int type = reader.ReadInt32();
        uint serial = reader.ReadUInt32();
        int status = reader.ReadInt32();
        if (type < (int)MessageType.Call || type > (int)MessageType.StreamHole)
        {
            throw new MalformedMessageException($"unknown message type {type}");
        }

        if (status < (int)MessageStatus.Ok || status > (int)MessageStatus.Continue)
        {
            throw new MalformedMessageException($"unknown message status {status}");
        }

        return new MessageHeader(program, version, procedure, (MessageType)type, serial, (MessageStatus)status);
    }
}
