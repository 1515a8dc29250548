using Strata.Domains;
using Strata.Drivers.Qemu.Qmp;
using Strata.Storage;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    /// <summary>How long a look at a domain waits for its QEMU to answer before treating it as hung.</summary>
    private static readonly TimeSpan QmpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a look waits for another process's operation before it may record a stop itself.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads a domain's files and, while it is active, asks its QEMU what state it is in. A QEMU that has died is
    /// recorded as crashed; one whose guest powered off (QEMU waits in "shutdown", thanks to -no-shutdown) is told
    /// to quit and recorded as shut down. Returns null if no such domain exists. Without <paramref name="probe"/>
    /// (lookups, which need only identity) QEMU is not asked: a dead process just reads as stopped.
    /// </summary>
    private async Task<Observed?> ObserveAsync(string name, bool locked, CancellationToken cancellationToken, bool probe = true) =>
        _index.Find(name) is { } files ? await ObserveAsync(files, locked, cancellationToken, probe).ConfigureAwait(false) : null;

    /// <summary>The same look, at files the index has just read.</summary>
    private async Task<Observed?> ObserveAsync(IndexedDomain files, bool locked, CancellationToken cancellationToken, bool probe = true)
    {
        string name = files.Name;
        var config = files.Definition?.Get();
        var status = files.Status?.Get();
        var record = status?.Record;

        bool wasActive = record is { Status.IsActive: true };
        if (config is null && !wasActive)
            return null; // a transient domain's leftover: it is gone
        var live = status?.Live;
        if (wasActive && probe)
            record = await CheckProcessAsync(name, record!, locked, cancellationToken).ConfigureAwait(false);
        else if (wasActive && !QemuProcess.IsRunning(record!.Pid, record.Uuid))
            record = record.Stopped(ShutoffReason.Crashed);
        // A transient domain that stopped just now is reported once, stopped, so the caller learns why; then it is gone.
        return new Observed(name, config, record, live);
    }

    /// <summary>
    /// Checks a domain recorded as active against its QEMU. What needs writing (it died, or its guest powered off)
    /// is done only under the domain's lock: without it, the lock is waited for (bounded) and the check made again
    /// on the status file as it is then, since the holder may have changed it (a destroy, a reboot).
    /// </summary>
    private async Task<DomainStatusRecord> CheckProcessAsync(string name, DomainStatusRecord record, bool locked, CancellationToken cancellationToken)
    {
        bool alive = QemuProcess.IsRunning(record.Pid, record.Uuid);
        QmpStatus? status = null;
        if (alive)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(QmpTimeout);
                await using var qmp = await ConnectMonitorAsync(record, timeout.Token).ConfigureAwait(false);
                status = await qmp.QueryStatusAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HypervisorException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                alive = QemuProcess.IsRunning(record.Pid, record.Uuid);
                if (alive)
                    return record; // alive but not answering (hung, or its monitor busy): report what was last recorded
            }
        }

        bool stopped = !alive || status?.Status is "shutdown" or "guest-panicked" or "internal-error";
        if (!stopped)
        {
            var seen = status!.Running
                ? record.Status.State == DomainState.Running ? record.Status : DomainStatus.Running(RunningReason.Unpaused)
                : record.Status.State == DomainState.Paused ? record.Status : DomainStatus.Paused(PausedReason.Unknown);
            return record with { Status = seen };
        }

        if (!locked)
        {
            using var held = await RangeLock.TryAcquireAsync(_files.LockFilePath, DomainFiles.NameLockKey(name), SettleWait, cancellationToken).ConfigureAwait(false);
            if (held is null)
                return alive ? record with { Status = new DomainStatus(DomainState.Shutdown, (int)ShutdownReason.Unknown) } : record.Stopped(ShutoffReason.Crashed);
            var current = _files.ReadStatus(name);
            if (current is not { Status.IsActive: true })
                return current ?? record.Stopped(ShutoffReason.Unknown); // the holder stopped it
            return await CheckProcessAsync(name, current, locked: true, cancellationToken).ConfigureAwait(false);
        }

        if (!alive)
            return await SettleAsync(name, record, ShutoffReason.Crashed, cancellationToken).ConfigureAwait(false);
        return await FinishStopAsync(name, record, status!.Status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records that a domain stopped and cleans up after its QEMU (the caller holds the lock): the pid file and
    /// sockets go; a persistent domain keeps a status file with the reason (so <c>domstate --reason</c> can say
    /// "crashed"), a transient one vanishes.
    /// </summary>
    private async Task<DomainStatusRecord> SettleAsync(string name, DomainStatusRecord record, ShutoffReason reason, CancellationToken cancellationToken)
    {
        var stopped = record.Stopped(reason);
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
    /// The guest powered off (or panicked) and QEMU waits, paused (the caller holds the lock): power it back on if
    /// a reboot asked for the shutdown, else tell QEMU to quit and record why the domain stopped.
    /// </summary>
    private async Task<DomainStatusRecord> FinishStopAsync(string name, DomainStatusRecord record, string qemuStatus, CancellationToken cancellationToken)
    {
        try
        {
            await using var qmp = await ConnectMonitorAsync(record, cancellationToken).ConfigureAwait(false);
            if (qemuStatus == "shutdown" && record.FakeReboot)
            {
                await qmp.SystemResetAsync(cancellationToken).ConfigureAwait(false);
                await qmp.ContinueAsync(cancellationToken).ConfigureAwait(false);
                record = record with { Status = DomainStatus.Running(RunningReason.Booted), FakeReboot = false };
                await _files.WriteStatusAsync(name, record, cancellationToken).ConfigureAwait(false);
                return record;
            }
            await QuitAsync(qmp, record, cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException) when (!QemuProcess.IsRunning(record.Pid, record.Uuid))
        {
            // It went away on its own meanwhile: the same end.
        }
        var reason = qemuStatus == "shutdown" ? ShutoffReason.Shutdown : ShutoffReason.Crashed;
        return await SettleAsync(name, record, reason, cancellationToken).ConfigureAwait(false);
    }

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
