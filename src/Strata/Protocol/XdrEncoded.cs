namespace Strata.Protocol;

/// <summary>
/// A struct encoded beforehand (a reply kept for reuse): its bytes are written as they are. Decoding takes the
/// rest of the message.
/// </summary>
public sealed record XdrEncoded(ReadOnlyMemory<byte> Bytes) : IXdrType<XdrEncoded>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRaw(Bytes.Span);
    }

    /// <inheritdoc/>
    public static XdrEncoded Decode(ref XdrReader reader) => new(reader.ReadRest().ToArray());
}
