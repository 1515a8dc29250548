namespace Strata.Protocol;

/// <summary>
/// The args of domain_open_console: the domain, which console device (null: the first), and
/// <c>virDomainConsoleFlags</c>. The console's bytes then flow as stream packets under the call's serial.
/// </summary>
public sealed record DomainOpenConsoleArgs(RemoteDomain Dom, string? DevName, uint Flags) : IXdrType<DomainOpenConsoleArgs>, IDomainArguments
{
    /// <summary><c>VIR_DOMAIN_CONSOLE_FORCE</c>: take the console over from a session that holds it.</summary>
    public const uint Force = 1;

    /// <summary>Whether the caller asked to take the console over (<c>virsh console --force</c>).</summary>
    public bool Forced => (Flags & Force) != 0;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Dom.Encode(writer);
        writer.WriteOptionalString(DevName, RemoteLimits.StringMax);
        writer.WriteUInt32(Flags);
    }

    /// <inheritdoc/>
    public static DomainOpenConsoleArgs Decode(ref XdrReader reader) =>
        new(RemoteDomain.Decode(ref reader), reader.ReadOptionalString(RemoteLimits.StringMax), reader.ReadUInt32());
}
