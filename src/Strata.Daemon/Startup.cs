namespace Strata.Daemon;

/// <summary>What stratad does before it accepts clients: start the autostart pools and domains (the running ones are watched from the driver's opening).</summary>
internal static class Startup
{
    public static async Task ReattachAndAutostartAsync(IDriver qemu, CancellationToken cancellationToken)
    {
        // Pools first, as libvirtd: an autostart domain may name their volumes.
        if (qemu.Storage is { } storage)
            await AutostartPoolsAsync(storage, cancellationToken).ConfigureAwait(false);
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

    private static async Task AutostartPoolsAsync(Pools.IStorageDriver storage, CancellationToken cancellationToken)
    {
        foreach (var idle in (await storage.ListPoolsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p.Info.Autostart && !p.Info.IsActive))
        {
            try
            {
                await storage.StartPoolAsync(idle.Pool, cancellationToken).ConfigureAwait(false);
                Log.Info($"autostarted pool '{idle.Pool.Name}'");
            }
            catch (StrataException error)
            {
                Log.Warn($"could not autostart pool '{idle.Pool.Name}': {error.Message}");
            }
        }
    }
}
