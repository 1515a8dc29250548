namespace Strata.Protocol;

/// <summary>A struct of only <c>unsigned int flags</c>: the args of connect_get_sysinfo.</summary>
public sealed record FlagsValue(uint Flags) : IXdrType<FlagsValue>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static FlagsValue Decode(ref XdrReader reader) => new(reader.ReadUInt32());
}
