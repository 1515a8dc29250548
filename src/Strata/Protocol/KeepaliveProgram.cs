namespace Strata.Protocol;

/// <summary>The keepalive program (virkeepaliveprotocol.x): PING and PONG messages with empty payloads.</summary>
public static class KeepaliveProgram
{
    /// <summary><c>KEEPALIVE_PROGRAM</c>, "keep" in ASCII.</summary>
    public const uint Number = 0x6b656570;

    /// <summary><c>KEEPALIVE_PROTOCOL_VERSION</c>.</summary>
    public const uint Version = 1;

    /// <summary>True when <paramref name="header"/> belongs to the keepalive program.</summary>
    public static bool Owns(in MessageHeader header) => header.Program == Number;

    /// <summary>True for a PING, which must be answered with <see cref="Pong"/>.</summary>
    public static bool IsPing(in MessageHeader header) => Is(header, KeepaliveProcedure.Ping);

    /// <summary>True for a PONG, the answer to our PING.</summary>
    public static bool IsPong(in MessageHeader header) => Is(header, KeepaliveProcedure.Pong);

    /// <summary>The header of a keepalive message: type MESSAGE, serial 0, status OK.</summary>
    public static MessageHeader Header(KeepaliveProcedure procedure) =>
        new(Number, Version, (int)procedure, MessageType.Message, 0, MessageStatus.Ok);

    /// <summary>A whole PING frame.</summary>
    public static byte[] Ping() => Frame.Build(Header(KeepaliveProcedure.Ping));

    /// <summary>A whole PONG frame.</summary>
    public static byte[] Pong() => Frame.Build(Header(KeepaliveProcedure.Pong));

    private static bool Is(in MessageHeader header, KeepaliveProcedure procedure) =>
        header.Program == Number && header.Version == Version && header.Procedure == (int)procedure
        && header.Type == MessageType.Message;
}
