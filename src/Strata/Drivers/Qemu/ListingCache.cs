namespace Strata.Drivers.Qemu;

/// <summary>
/// The last listing made for each filter, kept while the <see cref="DomainIndex"/> generation it was made at is
/// current. Only listings in which no domain was running are kept: an inactive domain is its files alone, while a
/// running one's state is asked of its QEMU at every look. A listing handed out again is the same instance, so a
/// caller may keep what it derives from one (stratad keeps the encoded reply) for as long as it gets it back.
/// </summary>
internal sealed class ListingCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DomainListFilter, (long Generation, IReadOnlyList<DomainSummary> Domains)> _kept = [];

    public IReadOnlyList<DomainSummary>? Find(DomainListFilter filter, long generation)
    {
        lock (_lock)
            return _kept.TryGetValue(filter, out var kept) && kept.Generation == generation ? kept.Domains : null;
    }

    public void Keep(DomainListFilter filter, long generation, IReadOnlyList<DomainSummary> domains)
    {
        lock (_lock)
        {
            // A listing made from an older generation than the one kept (a slower concurrent call) would only be dropped next time.
            if (!_kept.TryGetValue(filter, out var kept) || kept.Generation <= generation)
                _kept[filter] = (generation, domains);
        }
    }
}
