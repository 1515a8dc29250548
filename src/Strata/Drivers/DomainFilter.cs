namespace Strata.Drivers;

/// <summary>Applies a <see cref="DomainListFilter"/> the way virConnectListAllDomains does: each pair of flags narrows.</summary>
internal static class DomainFilter
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
}
