namespace Strata.Protocol;

/// <summary>One whole message off the wire: its header and its XDR payload.</summary>
public sealed record Message(MessageHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>A reader positioned at the start of the payload.</summary>
    public XdrReader PayloadReader() => new(Payload.Span);

    /// <summary>Decodes the payload as one <typeparamref name="T"/>, refusing trailing bytes.</summary>
    public T Decode<T>() where T : IXdrType<T>
    {
        var reader = PayloadReader();
        var value = T.Decode(ref reader);
        reader.ExpectEnd();
        return value;
    }

    /// <summary>The error a failed reply carries, or null when the message is not an error.</summary>
    public RemoteError? Error => Header.Status == MessageStatus.Error ? Decode<RemoteError>() : null;
}
