namespace Strata.Environments.Machines;

public sealed partial class Machine
{
    /// <summary>How long a graceful halt waits before forcing the machine off (Vagrant's <c>graceful_halt_timeout</c>).</summary>
    public static readonly TimeSpan HaltTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the power button is pressed again while waiting: a press that comes before the guest's ACPI
    /// daemon runs (early in a boot) is lost, as on real hardware.
    /// </summary>
    private static readonly TimeSpan PowerButtonInterval = TimeSpan.FromSeconds(5);

    /// <summary>Shuts the machine down: the ACPI power button, then forced off after <see cref="HaltTimeout"/>; at once with <paramref name="force"/>.</summary>
    internal async Task HaltAsync(bool force, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!status.IsActive)
        {
            reporter.Finished(Name, status.IsCreated ? "already halted" : MachineStatus.NotCreatedText);
            return;
        }
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        var domain = (await FindDomainAsync(cancellationToken).ConfigureAwait(false))!;
        if (force)
        {
            await StopAsync(driver, domain, cancellationToken).ConfigureAwait(false);
            reporter.Finished(Name, "halted (forced off)");
            return;
        }
        reporter.Step(Name, MachineStep.Halt, "ACPI power button");
        // A paused guest cannot see the button.
        if (status.Domain is { State: DomainState.Paused })
            await driver.ResumeAsync(domain, cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + HaltTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await driver.ShutdownAsync(domain, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationInvalidException)
            {
                break; // it stopped between the look and the press
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(Min(PowerButtonInterval, deadline - DateTime.UtcNow));
            try
            {
                await driver.WaitForStopAsync(domain, wait.Token).ConfigureAwait(false);
                reporter.Finished(Name, "halted");
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        if ((await GetStatusAsync(cancellationToken).ConfigureAwait(false)).IsActive)
        {
            reporter.Message(Name, $"did not power off within {HaltTimeout.TotalSeconds:0} s: forcing it off");
            await StopAsync(driver, domain, cancellationToken).ConfigureAwait(false);
            reporter.Finished(Name, "halted (forced off)");
            return;
        }
        reporter.Finished(Name, "halted");
    }

    /// <summary>Stops the machine at once and removes its domain, disks and state.</summary>
    internal async Task DestroyAsync(IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        if (await FindDomainAsync(cancellationToken).ConfigureAwait(false) is { } domain)
        {
            var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
            await StopAsync(driver, domain, cancellationToken).ConfigureAwait(false);
            // Looked up again: the reference from before the stop still carries the running id.
            await driver.UndefineAsync(await driver.LookupByNameAsync(domain.Name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        bool existed = _state is not null || System.IO.Directory.Exists(Directory);
        _project.State.DeleteMachine(Name);
        _state = null;
        reporter.Finished(Name, existed ? "destroyed" : MachineStatus.NotCreatedText);
    }

    /// <summary>Pauses the machine's CPUs (vagrant-libvirt's suspend); its memory stays where it is.</summary>
    internal async Task SuspendAsync(IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!status.IsRunning)
        {
            reporter.Finished(Name, $"not running ({status.Text})");
            return;
        }
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        await driver.SuspendAsync((await FindDomainAsync(cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
        reporter.Finished(Name, "suspended");
    }

    internal async Task ResumeAsync(IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Domain is not { State: DomainState.Paused })
        {
            reporter.Finished(Name, $"not suspended ({status.Text})");
            return;
        }
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        await driver.ResumeAsync((await FindDomainAsync(cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
        reporter.Finished(Name, "running");
    }

    /// <summary>Forces the domain off if it is active (destroy in libvirt's words).</summary>
    private static async Task StopAsync(IDriver driver, DomainRef domain, CancellationToken cancellationToken)
    {
        if (!(await driver.GetStatusAsync(domain, cancellationToken).ConfigureAwait(false)).IsActive)
            return;
        try
        {
            await driver.DestroyAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationInvalidException)
        {
            // it stopped on its own meanwhile
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
