using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary><c>query-status</c>.</summary>
    public async Task<QmpStatus> QueryStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync("query-status", null, cancellationToken).ConfigureAwait(false);
        return new QmpStatus(
            GetString(result, "status") ?? "unknown",
            result.TryGetProperty("running", out var running) && running.ValueKind == JsonValueKind.True);
    }

    /// <summary><c>query-version</c>.</summary>
    public async Task<QemuVersion> QueryVersionAsync(CancellationToken cancellationToken = default) =>
        ParseVersion(await ExecuteAsync("query-version", null, cancellationToken).ConfigureAwait(false));

    /// <summary><c>stop</c>: pauses the vCPUs (a STOP event follows).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => ExecuteAsync("stop", null, cancellationToken);

    /// <summary><c>cont</c>: resumes the vCPUs (a RESUME event follows).</summary>
    public Task ContinueAsync(CancellationToken cancellationToken = default) => ExecuteAsync("cont", null, cancellationToken);

    /// <summary><c>system_reset</c>: a hard reset (a RESET event follows).</summary>
    public Task SystemResetAsync(CancellationToken cancellationToken = default) => ExecuteAsync("system_reset", null, cancellationToken);

    /// <summary><c>system_powerdown</c>: presses the ACPI power button (a POWERDOWN event follows; the guest decides).</summary>
    public Task SystemPowerdownAsync(CancellationToken cancellationToken = default) => ExecuteAsync("system_powerdown", null, cancellationToken);

    /// <summary><c>balloon</c>: asks the guest's balloon driver to leave the guest <paramref name="bytes"/> of memory.</summary>
    public Task SetBalloonAsync(ulong bytes, CancellationToken cancellationToken = default) =>
        ExecuteAsync("balloon", writer => writer.WriteNumber("value", bytes), cancellationToken);

    /// <summary>
    /// <c>quit</c>: QEMU exits at once. Returns once QEMU acknowledged it or closed the monitor, whichever comes first;
    /// await <see cref="Closed"/> (or the process) to know it is gone.
    /// </summary>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ExecuteAsync("quit", null, cancellationToken).ConfigureAwait(false);
        }
        catch (HypervisorException) when (Closed.IsCompleted)
        {
            // QEMU may close the monitor before its reply is read; that is the outcome asked for.
        }
    }
}
