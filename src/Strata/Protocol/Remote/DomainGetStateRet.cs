namespace Strata.Protocol;

/// <summary>The ret of domain_get_state: a <c>virDomainState</c> and the reason for it (a state-specific enum).</summary>
public sealed record DomainGetStateRet(int State, int Reason) : IXdrType<DomainGetStateRet>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(State);
        writer.WriteInt32(Reason);
    }

    /// <inheritdoc/>
    public static DomainGetStateRet Decode(ref XdrReader reader) => new(reader.ReadInt32(), reader.ReadInt32());
}
