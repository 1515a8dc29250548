namespace Strata.Daemon;

/// <summary>
/// Keeps an eye on every running domain of a QEMU driver, so that a guest that powers itself off or a QEMU that
/// dies is recorded (and its Stopped event sent to clients) at once, not at the next look. Each watch waits on
/// the domain's event monitor; nothing polls.
/// </summary>
internal sealed class DomainWatcher(IDriver driver, CancellationToken stopping)
{
    /// <summary>Watches the domains running now, and each one that starts from now on.</summary>
    public async Task StartAsync()
    {
        driver.DomainEventRaised += (_, e) =>
        {
            if (e.Type == DomainEventType.Started)
                Watch(e.Domain);
        };
        try
        {
            foreach (var running in await driver.ListDomainsAsync(DomainListFilter.Active, stopping).ConfigureAwait(false))
            {
                Log.Info($"reattached to '{running.Domain.Name}' (id {running.Domain.Id}, {running.Status.StateText})");
                Watch(running.Domain);
            }
        }
        catch (Exception error) when (error is StrataException or OperationCanceledException)
        {
            Log.Warn($"could not list the running domains to watch: {error.Message}");
        }
    }

    private void Watch(DomainRef domain) => _ = Task.Run(async () =>
    {
        try
        {
            var final = await driver.WaitForStopAsync(domain, stopping).ConfigureAwait(false);
            Log.Info($"'{domain.Name}' is {final.StateText} ({final.ReasonText})");
        }
        catch (OperationCanceledException)
        {
            // stratad is stopping; the guest keeps running.
        }
        catch (StrataException error)
        {
            Log.Warn($"stopped watching '{domain.Name}': {error.Message}");
        }
    });
}
