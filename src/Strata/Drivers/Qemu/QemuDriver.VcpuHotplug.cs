using Strata.Domains;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu;

/// <summary>
/// vCPUs plugged into a running guest, up to the definition's maximum (QEMU starts with <c>-smp N,maxcpus=M</c>, one
/// socket per vCPU). QEMU names each slot's place (socket, core, thread); a plugged vCPU's device id is <c>vcpuN</c>,
/// N its socket. Strata does not unplug vCPUs: QEMU 7.2 under TCG segfaults (in its RCU thread) after a vCPU it let
/// go, and again when one is plugged into that slot later; fewer vCPUs take a <c>--config</c> change and a restart.
/// </summary>
public sealed partial class QemuDriver
{
    private static async Task<DomainDefinition> PlugVcpusAsync(QmpClient qmp, DomainDefinition live, int count, CancellationToken cancellationToken)
    {
        var changed = DefinitionChanges.SetVcpus(live, count, maximum: false, live: true);
        if (count < live.OnlineVcpus)
            throw new StrataException(ErrorCode.OperationUnsupported,
                "Operation not supported: vCPUs are not unplugged from a running guest (QEMU 7.2 under TCG crashes after an unplug); "
                + "lower the count with --config and restart the domain");
        var slots = (await qmp.QueryHotpluggableCpusAsync(cancellationToken).ConfigureAwait(false)).OrderBy(Socket).ToList();
        int present = slots.Count(s => s.QomPath is not null);
        try
        {
            foreach (var slot in slots.Where(s => s.QomPath is null).Take(count - present))
                await qmp.AddCpuAsync(slot, VcpuDeviceId(slot), cancellationToken).ConfigureAwait(false);
            return changed;
        }
        catch (Exception e) when (e is StrataException or OperationCanceledException)
        {
            // Some vCPUs may have come before the failure: the live definition must say what QEMU has now.
            if (await PresentVcpusAsync(qmp).ConfigureAwait(false) is not { } now || now == live.OnlineVcpus)
                throw;
            throw new PartialLiveChangeException(DefinitionChanges.SetVcpus(live, now, maximum: false, live: true), e);
        }
    }

    /// <summary>How many vCPUs QEMU has now, asked with a time limit of its own; null when it does not say.</summary>
    private static async Task<int?> PresentVcpusAsync(QmpClient qmp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            return (await qmp.QueryHotpluggableCpusAsync(timeout.Token).ConfigureAwait(false)).Count(s => s.QomPath is not null);
        }
        catch (Exception e) when (e is StrataException or OperationCanceledException)
        {
            return null;
        }
    }

    private static StrataException MaximumOfLiveVcpus() =>
        new(ErrorCode.OperationUnsupported, "Operation not supported: maximum vcpu count of a live domain can't be modified");

    private static long Socket(QmpHotpluggableCpu slot) => slot.Props.FirstOrDefault(p => p.Key == "socket-id").Value;

    private static string VcpuDeviceId(QmpHotpluggableCpu slot) => FormattableString.Invariant($"vcpu{Socket(slot)}");
}
