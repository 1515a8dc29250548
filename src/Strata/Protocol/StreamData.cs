namespace Strata.Protocol;

/// <summary>
/// The payload of a stream packet (<see cref="MessageType.Stream"/>): the data as it is, no length word and no
/// padding, since the frame's length already says how much there is.
/// </summary>
public readonly record struct StreamData(ReadOnlyMemory<byte> Data) : IXdrType<StreamData>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRaw(Data.Span);
    }

    /// <inheritdoc/>
    public static StreamData Decode(ref XdrReader reader) => new(reader.ReadRest().ToArray());
}
