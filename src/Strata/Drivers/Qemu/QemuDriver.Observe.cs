using Strata.Domains;
using Strata.Drivers.Qemu.Qmp;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    /// <summary>How long a look at a domain waits for its QEMU to answer before treating it as hung.</summary>
    private static readonly TimeSpan QmpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads a domain's files and, while it is active, asks its QEMU what state it is in. A QEMU that has died is
    /// recorded as crashed; one whose guest powered off (QEMU waits in "shutdown", thanks to -no-shutdown) is told
    /// to quit and recorded as shut down. Returns null if no such domain exists.
    /// </summary>
    private async Task<Observed?> ObserveAsync(string name, bool locked, CancellationToken cancellationToken)
    {
        string? configXml = _files.ReadDefinition(name);
        var record = _files.ReadStatus(name);
        if (configXml is null && record is null)
            return null;
        var config = configXml is null ? null : DomainXml.Parse(configXml);

        bool wasActive = record is { Status.IsActive: true };
        if (config is null && !wasActive)
            return null; // a transient domain's leftover: it is gone
        var live = wasActive ? DomainXml.Parse(record!.LiveXml) : null;
        if (wasActive)
            record = await CheckProcessAsync(name, record!, locked, cancellationToken).ConfigureAwait(false);
        // A transient domain that stopped just now is reported once, stopped, so the caller learns why; then it is gone.
        return new Observed(name, config, record, live);
    }

    private async Task<DomainStatusRecord> CheckProcessAsync(string name, DomainStatusRecord record, bool locked, CancellationToken cancellationToken)
    {
        if (!QemuProcess.IsRunning(record.Pid, record.Uuid))
            return await SettleAsync(name, record, ShutoffReason.Crashed, locked, cancellationToken).ConfigureAwait(false);

        QmpStatus status;
        try
        {
            await using var qmp = await ConnectMonitorAsync(record, cancellationToken).ConfigureAwait(false);
            status = await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Status is "shutdown" or "guest-panicked" or "internal-error")
                return await FinishStopAsync(qmp, name, record, status.Status, locked, cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException) when (!QemuProcess.IsRunning(record.Pid, record.Uuid))
        {
            return await SettleAsync(name, record, ShutoffReason.Crashed, locked, cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException)
        {
            // Alive but not answering (hung, or its monitor busy): report what was last recorded.
            return record;
        }

        var seen = status.Running
            ? record.Status.State == DomainState.Running ? record.Status : DomainStatus.Running(RunningReason.Unpaused)
            : record.Status.State == DomainState.Paused ? record.Status : DomainStatus.Paused(PausedReason.Unknown);
        return record with { Status = seen };
    }

    /// <summary>
    /// Records that a domain stopped and cleans up after its QEMU: the pid file and socket go; a persistent domain
    /// keeps a status file with the reason (so <c>domstate --reason</c> can say "crashed"), a transient one vanishes.
    /// Without the lock (another process is mid-operation) nothing is written: that process will see the same.
    /// </summary>
    private async Task<DomainStatusRecord> SettleAsync(string name, DomainStatusRecord record, ShutoffReason reason, bool locked, CancellationToken cancellationToken)
    {
        var stopped = record.Stopped(reason);
        using var held = locked ? null : await TryLockAsync(name).ConfigureAwait(false);
        if (!locked && held is null)
            return stopped;
        if (_files.ReadStatus(name) is not { Status.IsActive: true } current || current.Pid != record.Pid)
            return _files.ReadStatus(name) ?? stopped; // someone else already settled it

        File.Delete(record.QmpSocket);
        File.Delete(_files.EventSocketPath(record.Uuid));
        File.Delete(_files.PidPath(name));
        if (record.Persistent)
            await _files.WriteStatusAsync(name, stopped, cancellationToken).ConfigureAwait(false);
        else
            _files.DeleteStatus(name);
        Raise(new DomainRef(name, record.Uuid, record.Id), DomainEventType.Stopped, StoppedDetail.For(reason));
        return stopped;
    }

    /// <summary>
    /// The guest powered off (or panicked) and QEMU waits, paused: power it back on if a reboot asked for the
    /// shutdown, else tell QEMU to quit and record why the domain stopped. Only the lock holder may do this; others
    /// report the domain as shutting down.
    /// </summary>
    private async Task<DomainStatusRecord> FinishStopAsync(QmpClient qmp, string name, DomainStatusRecord record, string qemuStatus, bool locked, CancellationToken cancellationToken)
    {
        using var held = locked ? null : await TryLockAsync(name).ConfigureAwait(false);
        if (!locked && held is null)
            return record with { Status = new DomainStatus(DomainState.Shutdown, (int)ShutdownReason.Unknown) };
        if (qemuStatus == "shutdown" && record.FakeReboot)
        {
            await qmp.SystemResetAsync(cancellationToken).ConfigureAwait(false);
            await qmp.ContinueAsync(cancellationToken).ConfigureAwait(false);
            record = record with { Status = DomainStatus.Running(RunningReason.Booted), FakeReboot = false };
            await _files.WriteStatusAsync(name, record, cancellationToken).ConfigureAwait(false);
            return record;
        }
        await QuitAsync(qmp, record, cancellationToken).ConfigureAwait(false);
        var reason = qemuStatus == "shutdown" ? ShutoffReason.Shutdown : ShutoffReason.Crashed;
        return await SettleAsync(name, record, reason, locked: true, cancellationToken).ConfigureAwait(false);
    }

    private Task<FileLock?> TryLockAsync(string name) =>
        FileLock.TryAcquireAsync(_files.LockPath(name), TimeSpan.Zero, CancellationToken.None);

    private static Task<QmpClient> ConnectMonitorAsync(DomainStatusRecord record, CancellationToken cancellationToken) =>
        ConnectMonitorAsync(record.QmpSocket, cancellationToken);

    private static async Task<QmpClient> ConnectMonitorAsync(string socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QmpTimeout);
        try
        {
            return await QmpClient.ConnectAsync(socket, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HypervisorException($"cannot reach the QEMU monitor at {socket}: {e.Message}", e);
        }
    }

    /// <summary>Asks QEMU to exit and waits until it has; kills it if it does not go in time.</summary>
    private static async Task QuitAsync(QmpClient qmp, DomainStatusRecord record, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QmpTimeout);
        try
        {
            await qmp.QuitAsync(timeout.Token).ConfigureAwait(false);
            await qmp.Closed.WaitAsync(timeout.Token).ConfigureAwait(false);
            // The monitor closes as QEMU exits; the process itself is gone a moment later.
            await QemuProcess.WaitForExitAsync(record.Pid, record.Uuid, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HypervisorException && !cancellationToken.IsCancellationRequested)
        {
            QemuProcess.Kill(record.Pid);
            await QemuProcess.WaitForExitAsync(record.Pid, record.Uuid, cancellationToken).ConfigureAwait(false);
        }
    }
}
