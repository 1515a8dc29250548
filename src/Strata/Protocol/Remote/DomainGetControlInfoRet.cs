namespace Strata.Protocol;

/// <summary>
/// The ret of domain_get_control_info: whether the domain's monitor can take a command (<c>virDomainControlState</c>,
/// 0 ok), the reason of an error state, and how long the state has lasted in ms.
/// </summary>
public sealed record DomainGetControlInfoRet(uint State, uint Details, ulong StateTime) : IXdrType<DomainGetControlInfoRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt32(State);
        writer.WriteUInt32(Details);
        writer.WriteUInt64(StateTime);
    }

    /// <inheritdoc/>
    public static DomainGetControlInfoRet Decode(ref XdrReader reader) => new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt64());
}
