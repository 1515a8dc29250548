using Strata.Domains;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    public async Task<DomainRef> DefineAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = DomainXml.Parse(xml);
        using var held = await LockAsync(definition.Name, cancellationToken, settle: false).ConfigureAwait(false);
        using var uuidHeld = await LockUuidAsync(definition.Uuid, cancellationToken).ConfigureAwait(false);
        var existing = await CheckUniqueAsync(definition, cancellationToken).ConfigureAwait(false);
        // Store the definition as Strata formats it, so that dumpxml --inactive shows exactly what is stored.
        string stored = DomainXml.Format(definition);
        ParsedDefinitions.Remember(stored, definition);
        await _files.WriteDefinitionAsync(definition.Name, stored, cancellationToken).ConfigureAwait(false);
        if (existing?.Record is { Status.IsActive: true, Persistent: false } record)
            await _files.WriteStatusAsync(definition.Name, record with { Persistent = true }, cancellationToken).ConfigureAwait(false);
        var domain = existing?.Ref ?? new DomainRef(definition.Name, definition.Uuid, DomainRef.InactiveId);
        Raise(domain, DomainEventType.Defined, existing is null ? 0 : 1);
        return domain;
    }

    public async Task UndefineAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireLockedAsync(domain, cancellationToken).ConfigureAwait(false);
        if (!seen.Persistent)
            throw new OperationInvalidException("cannot undefine transient domain");
        await _files.DeleteDefinitionAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        if (seen.Record is { Status.IsActive: true } record)
            await _files.WriteStatusAsync(domain.Name, record with { Persistent = false }, cancellationToken).ConfigureAwait(false);
        else
            _files.DeleteStatus(domain.Name);
        Raise(seen.Ref, DomainEventType.Undefined, 0);
    }

    public async Task<DomainRef> CreateAsync(string xml, CancellationToken cancellationToken)
    {
        var definition = DomainXml.Parse(xml);
        using var held = await LockAsync(definition.Name, cancellationToken, settle: false).ConfigureAwait(false);
        using var uuidHeld = await LockUuidAsync(definition.Uuid, cancellationToken).ConfigureAwait(false);
        var existing = await CheckUniqueAsync(definition, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
            DomainTransitions.RequireInactive(existing.Status);
        return await LaunchAsync(definition, persistent: existing is not null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DomainRef> StartAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireLockedAsync(domain, cancellationToken).ConfigureAwait(false);
        DomainTransitions.RequireInactive(seen.Status);
        return await LaunchAsync(seen.Config!, persistent: true, cancellationToken).ConfigureAwait(false);
    }

    public Task ShutdownAsync(DomainRef domain, CancellationToken cancellationToken) =>
        WithMonitorAsync(domain, DomainTransitions.RequireActiveCheckedByDriver, async (qmp, record, ct) =>
        {
            // Presses the ACPI power button; the guest decides when to power off (seen on the next look).
            // A shutdown overrides an unfinished reboot, as libvirt's does.
            await qmp.SystemPowerdownAsync(ct).ConfigureAwait(false);
            return record.FakeReboot ? record with { FakeReboot = false } : null;
        }, cancellationToken);

    /// <summary>How long reboot waits for the guest to finish its shutdown before leaving the power-on to the next look.</summary>
    private static readonly TimeSpan RebootWait = TimeSpan.FromSeconds(60);

    public async Task RebootAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        await WithMonitorAsync(domain, RequireRunningForReboot, async (qmp, record, ct) =>
        {
            // As libvirt's default reboot: ask the guest to shut down, and power it back on once it has.
            await qmp.SystemPowerdownAsync(ct).ConfigureAwait(false);
            return record with { FakeReboot = true };
        }, cancellationToken).ConfigureAwait(false);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(RebootWait);
        try
        {
            await WaitForGuestPowerOffAsync(domain, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The guest is slow to shut down: whoever looks at the domain next powers it back on.
            return;
        }
        await RequireAsync(domain, cancellationToken).ConfigureAwait(false); // the look that powers it back on
    }

    // A paused guest cannot act on the power button: the reboot would only wait.
    private static void RequireRunningForReboot(DomainStatus status)
    {
        DomainTransitions.RequireActive(status);
        if (status.State == DomainState.Paused)
            throw new OperationInvalidException("domain is paused: resume it first");
    }

    public Task ResetAsync(DomainRef domain, CancellationToken cancellationToken) =>
        WithMonitorAsync(domain, DomainTransitions.RequireActive, async (qmp, _, ct) =>
        {
            await qmp.SystemResetAsync(ct).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    public Task SuspendAsync(DomainRef domain, CancellationToken cancellationToken) =>
        WithMonitorAsync(domain, DomainTransitions.RequireActive, async (qmp, record, ct) =>
        {
            await qmp.StopAsync(ct).ConfigureAwait(false);
            Raise(domain, DomainEventType.Suspended, 0);
            return record with { Status = DomainStatus.Paused(PausedReason.User) };
        }, cancellationToken);

    public Task ResumeAsync(DomainRef domain, CancellationToken cancellationToken) =>
        WithMonitorAsync(domain, DomainTransitions.RequirePaused, async (qmp, record, ct) =>
        {
            await qmp.ContinueAsync(ct).ConfigureAwait(false);
            Raise(domain, DomainEventType.Resumed, 0);
            return record with { Status = DomainStatus.Running(RunningReason.Unpaused) };
        }, cancellationToken);

    public async Task DestroyAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireLockedAsync(domain, cancellationToken).ConfigureAwait(false);
        DomainTransitions.RequireActive(seen.Status);
        var record = seen.Record!;
        try
        {
            await using var qmp = await ConnectMonitorAsync(record, cancellationToken).ConfigureAwait(false);
            await QuitAsync(qmp, record, cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException)
        {
            // The monitor is unreachable (hung or gone): end the process directly.
            QemuProcess.Kill(record.Pid);
            await QemuProcess.WaitForExitAsync(record.Pid, record.Uuid, cancellationToken).ConfigureAwait(false);
        }
        await SettleAsync(domain.Name, record, ShutoffReason.Destroyed, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DomainStatus> WaitForStopAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        for (int round = 0; ; round++)
        {
            var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
            if (!seen.Status.IsActive)
                return seen.Status;
            // Still active after a wait: another waiter holds the event monitor, or a reboot powered the guest
            // back on. Pause before asking again rather than spin.
            if (round > 0)
                await Task.Delay(WaitRetryInterval, cancellationToken).ConfigureAwait(false);
            await WaitForGuestPowerOffAsync(domain, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan WaitRetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits on the event monitor until QEMU reports the guest powered off (or QEMU exits). It does not record
    /// anything: the next look at the domain does.
    /// </summary>
    private async Task WaitForGuestPowerOffAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        try
        {
            await using var qmp = await ConnectMonitorAsync(_files.EventSocketPath(domain.Uuid), cancellationToken).ConfigureAwait(false);
            var shutdown = qmp.WaitForEventAsync(QmpEventNames.Shutdown, cancellationToken);
            if ((await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false)).Status != "shutdown")
                await Task.WhenAny(shutdown, qmp.Closed).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException)
        {
            // QEMU went away while we waited: the next look records it.
        }
    }

    /// <summary>Runs one QMP step on an active domain under its lock, then stores the record the step returns (if any).</summary>
    private async Task WithMonitorAsync(DomainRef domain, Action<DomainStatus> check,
        Func<QmpClient, DomainStatusRecord, CancellationToken, Task<DomainStatusRecord?>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireLockedAsync(domain, cancellationToken).ConfigureAwait(false);
        check(seen.Status);
        var record = seen.Record!;
        var updated = await OnMonitorAsync(record, (qmp, ct) => step(qmp, record, ct), cancellationToken).ConfigureAwait(false);
        if (updated is not null)
            await _files.WriteStatusAsync(domain.Name, updated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="step"/> (a few QMP commands) on the running domain's monitor, within <see cref="QmpTimeout"/>.</summary>
    private async Task<T> OnMonitorAsync<T>(DomainStatusRecord record, Func<QmpClient, CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A hung QEMU must not hang the caller.
        timeout.CancelAfter(QmpTimeout);
        try
        {
            await using var qmp = await ConnectMonitorAsync(record, timeout.Token).ConfigureAwait(false);
            return await step(qmp, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HypervisorException($"QEMU (pid {record.Pid}) did not answer within {QmpTimeout.TotalSeconds:0} s");
        }
    }

    private async Task<Observed> RequireLockedAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await ObserveAsync(domain.Name, locked: true, cancellationToken).ConfigureAwait(false);
        if (seen is null || seen.Definition.Uuid != domain.Uuid)
            throw new DomainNotFoundException($"no domain with matching uuid '{domain.Uuid}' ({domain.Name})");
        return seen;
    }

    /// <summary>
    /// A new definition may replace the domain with the same name and UUID; a clash on only one of them is an
    /// error, as in libvirt. Returns the domain being replaced, if any.
    /// </summary>
    private async Task<Observed?> CheckUniqueAsync(DomainDefinition definition, CancellationToken cancellationToken)
    {
        var byName = await ObserveAsync(definition.Name, locked: true, cancellationToken).ConfigureAwait(false);
        if (byName is not null)
        {
            if (byName.Definition.Uuid != definition.Uuid)
                throw DomainConflicts.NameTaken(definition.Name, byName.Definition.Uuid);
            return byName;
        }
        var byUuid = await FindByUuidAsync(definition.Uuid, exceptName: definition.Name, cancellationToken).ConfigureAwait(false);
        if (byUuid is not null)
            throw DomainConflicts.UuidTaken(byUuid.Name, definition.Uuid);
        return null;
    }
}
