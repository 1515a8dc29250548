namespace Strata.Drivers;

/// <summary>Applies a <see cref="DomainListFilter"/> the way virConnectListAllDomains does: each pair of flags narrows.</summary>
public static class DomainFilter
{
    public static bool Matches(DomainListFilter filter, DomainSummary domain)
    {
        bool active = domain.Status.IsActive;
        bool activeFlags = filter.HasFlag(DomainListFilter.Active) || filter.HasFlag(DomainListFilter.Inactive);
        if (activeFlags && !(filter.HasFlag(DomainListFilter.Active) && active || filter.HasFlag(DomainListFilter.Inactive) && !active))
            return false;
        bool persistenceFlags = filter.HasFlag(DomainListFilter.Persistent) || filter.HasFlag(DomainListFilter.Transient);
        return !persistenceFlags || filter.HasFlag(DomainListFilter.Persistent) && domain.Persistent || filter.HasFlag(DomainListFilter.Transient) && !domain.Persistent;
    }

    // virConnectListAllDomainsFlags beyond activity and persistence (the low four bits, as DomainListFilter).
    private const uint ActivityAndPersistence = 0xF;
    private const uint StateRunning = 1 << 4, StatePaused = 1 << 5, StateShutoff = 1 << 6, StateOther = 1 << 7;
    private const uint ManagedSave = 1 << 8, Autostart = 1 << 10, NoAutostart = 1 << 11, HasSnapshot = 1 << 12, HasCheckpoint = 1 << 14;

    /// <summary>
    /// Whether a domain passes libvirt's listing flags (<c>virConnectListAllDomainsFlags</c>, also the filters of
    /// <c>virConnectGetAllDomainStats</c>): activity, persistence, state and autostart. A Strata domain never has a
    /// managed save image, a snapshot or a checkpoint, so asking for those matches none.
    /// </summary>
    public static bool Matches(uint libvirtFlags, DomainSummary domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!Matches((DomainListFilter)(libvirtFlags & ActivityAndPersistence), domain))
            return false;
        uint states = libvirtFlags & (StateRunning | StatePaused | StateShutoff | StateOther);
        if (states != 0)
        {
            uint mine = domain.Status.State switch
            {
                DomainState.Running => StateRunning,
                DomainState.Paused => StatePaused,
                DomainState.Shutoff => StateShutoff,
                _ => StateOther,
            };
            if ((states & mine) == 0)
                return false;
        }
        if ((libvirtFlags & (Autostart | NoAutostart)) is var auto && auto != 0 && auto != (Autostart | NoAutostart)
            && domain.Autostart != ((auto & Autostart) != 0))
            return false;
        return (libvirtFlags & (ManagedSave | HasSnapshot | HasCheckpoint)) == 0;
    }
}
