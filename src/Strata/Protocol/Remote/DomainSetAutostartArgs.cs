namespace Strata.Protocol;

/// <summary>The args of domain_set_autostart.</summary>
public sealed record DomainSetAutostartArgs(RemoteDomain Dom, bool Autostart) : IXdrType<DomainSetAutostartArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteInt32(Autostart ? 1 : 0);
    }

    /// <inheritdoc/>
    public static DomainSetAutostartArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadInt32() != 0);
}
