using Strata.Protocol;

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

    private const ListAllDomainsFlags ActivityAndPersistence =
        ListAllDomainsFlags.Active | ListAllDomainsFlags.Inactive | ListAllDomainsFlags.Persistent | ListAllDomainsFlags.Transient;
    private const ListAllDomainsFlags States = ListAllDomainsFlags.Running | ListAllDomainsFlags.Paused | ListAllDomainsFlags.Shutoff | ListAllDomainsFlags.Other;
    private const ListAllDomainsFlags Autostarts = ListAllDomainsFlags.Autostart | ListAllDomainsFlags.NoAutostart;
    private const ListAllDomainsFlags NeverHad = ListAllDomainsFlags.ManagedSave | ListAllDomainsFlags.HasSnapshot | ListAllDomainsFlags.HasCheckpoint;

    /// <summary>
    /// Whether a domain passes libvirt's listing flags (<c>virConnectListAllDomainsFlags</c>, also the filters of
    /// <c>virConnectGetAllDomainStats</c>): activity, persistence, state and autostart. A Strata domain never has a
    /// managed save image, a snapshot or a checkpoint, so asking for those matches none.
    /// </summary>
    public static bool Matches(ListAllDomainsFlags flags, DomainSummary domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!Matches((DomainListFilter)(flags & ActivityAndPersistence), domain))
            return false;
        var states = flags & States;
        if (states != 0)
        {
            var mine = domain.Status.State switch
            {
                DomainState.Running => ListAllDomainsFlags.Running,
                DomainState.Paused => ListAllDomainsFlags.Paused,
                DomainState.Shutoff => ListAllDomainsFlags.Shutoff,
                _ => ListAllDomainsFlags.Other,
            };
            if ((states & mine) == 0)
                return false;
        }
        if ((flags & Autostarts) is var auto && auto != 0 && auto != Autostarts
            && domain.Autostart != auto.HasFlag(ListAllDomainsFlags.Autostart))
            return false;
        return (flags & NeverHad) == 0;
    }
}
