namespace Strata.Daemon;

/// <summary>What stratad does before it accepts clients: start the autostart domains (the running ones are watched from the driver's opening).</summary>
internal static class Startup
{
    public static async Task ReattachAndAutostartAsync(IDriver qemu, CancellationToken cancellationToken)
    {
        // Listing looks at every domain: a QEMU that died while no daemon ran is recorded as crashed here.
        var domains = await qemu.ListDomainsAsync(DomainListFilter.All, cancellationToken).ConfigureAwait(false);
        foreach (var idle in domains.Where(d => d.Autostart && !d.Status.IsActive))
        {
            try
            {
                var started = await qemu.StartAsync(idle.Domain, cancellationToken).ConfigureAwait(false);
                Log.Info($"autostarted '{started.Name}' (id {started.Id})");
            }
            catch (StrataException error)
            {
                Log.Warn($"could not autostart '{idle.Domain.Name}': {error.Message}");
            }
        }
    }
}
