namespace Strata.Drivers;

/// <summary>
/// The definitions a change reaches once <see cref="DomainModification"/> is resolved against the domain's state, with
/// libvirt's checks and words (<c>virDomainObjUpdateModificationImpact</c>).
/// </summary>
public readonly record struct ModificationTargets(bool Live, bool Config)
{
    public static ModificationTargets Resolve(DomainModification impact, DomainStatus status, bool persistent)
    {
        if ((impact & ~(DomainModification.Live | DomainModification.Config)) != 0)
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: unsupported flags (0x{(uint)impact:x})");
        if (impact == DomainModification.Current)
            impact = status.IsActive ? DomainModification.Live : DomainModification.Config;
        bool live = impact.HasFlag(DomainModification.Live);
        bool config = impact.HasFlag(DomainModification.Config);
        if (live)
            DomainTransitions.RequireActive(status);
        if (config && !persistent)
            throw new OperationInvalidException("transient domains do not have any persistent config") { FromDomainCode = true };
        return new ModificationTargets(live, config);
    }
}
