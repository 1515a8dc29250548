namespace Strata.Protocol;

/// <summary>The args of connect_open: the URI the client asked for, without transport and socket (may be null), and flags.</summary>
public sealed record ConnectOpenArgs(string? Name, uint Flags) : IXdrType<ConnectOpenArgs>
{
    /// <summary><c>VIR_CONNECT_RO</c>: the client asked for a read-only connection.</summary>
    public const uint ReadOnlyFlag = 1;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptionalString(Name, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static ConnectOpenArgs Decode(ref XdrReader reader) =>
        new(reader.ReadOptionalString(RemoteLimits.StringMax), reader.ReadUInt32());
}
