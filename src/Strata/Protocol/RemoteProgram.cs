namespace Strata.Protocol;

/// <summary>The remote program (remote_protocol.x) that carries every libvirt API call between client and daemon.</summary>
public static class RemoteProgram
{
    /// <summary><c>REMOTE_PROGRAM</c>.</summary>
    public const uint Number = 0x20008086;

    /// <summary><c>REMOTE_PROTOCOL_VERSION</c>.</summary>
    public const uint Version = 1;

    /// <summary>True when <paramref name="header"/> belongs to this program and version.</summary>
    public static bool Owns(in MessageHeader header) => header.Program == Number && header.Version == Version;

    /// <summary>The header of a call.</summary>
    public static MessageHeader Call(RemoteProcedure procedure, uint serial) =>
        new(Number, Version, (int)procedure, MessageType.Call, serial, MessageStatus.Ok);

    /// <summary>
    /// The serial libvirtd puts on the events it pushes. virnetprotocol.x says event messages carry 0, but a capture of
    /// libvirtd 9.0 shows 1; clients ignore it, and matching libvirtd keeps the bytes identical.
    /// </summary>
    public const uint EventSerial = 1;

    /// <summary>The header of an event the server pushes (type MESSAGE, serial <see cref="EventSerial"/>).</summary>
    public static MessageHeader Event(RemoteProcedure procedure) =>
        new(Number, Version, (int)procedure, MessageType.Message, EventSerial, MessageStatus.Ok);
}
