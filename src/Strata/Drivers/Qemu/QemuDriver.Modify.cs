using Strata.Domains;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    public Task SetMemoryAsync(DomainRef domain, ulong memoryKiB, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        ModifyAsync(domain, impact, config => DefinitionChanges.SetMemory(config, memoryKiB, maximum), async (qmp, live, ct) =>
        {
            if (maximum)
                throw new OperationInvalidException("cannot resize the maximum memory on an active domain");
            var changed = DefinitionChanges.SetMemory(live, memoryKiB, maximum: false);
            if (live.Devices.Memballoon is not { Virtio: true })
                throw new OperationInvalidException("Unable to change memory of active domain without the balloon device and guest OS balloon driver");
            // The guest gives memory back in its own time; domstats' balloon.current shows what it has given so far.
            await qmp.ExecuteAsync("balloon", writer => writer.WriteNumber("value", memoryKiB * 1024), ct).ConfigureAwait(false);
            return changed;
        }, cancellationToken);

    public Task SetVcpusAsync(DomainRef domain, int count, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        ModifyAsync(domain, impact, config => DefinitionChanges.SetVcpus(config, count, maximum, live: false), async (qmp, live, ct) =>
        {
            if (maximum)
                throw new StrataException(ErrorCode.InvalidArg, "invalid argument: maximum vcpu count of a live domain can't be modified");
            var changed = DefinitionChanges.SetVcpus(live, count, maximum: false, live: true);
            await PlugVcpusAsync(qmp, count, ct).ConfigureAwait(false);
            return changed;
        }, cancellationToken);

    /// <summary>Any device into the persistent definition; into a running guest, virtio disks (see <c>QemuDriver.Hotplug.cs</c>).</summary>
    public Task AttachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        ModifyAsync(domain, impact, config => DefinitionChanges.AttachDevice(config, deviceXml),
            (qmp, live, ct) => PlugDiskAsync(qmp, live, deviceXml, ct), cancellationToken);

    public Task DetachDeviceAsync(DomainRef domain, string deviceXml, DomainModification impact, CancellationToken cancellationToken) =>
        ModifyAsync(domain, impact, config => DefinitionChanges.DetachDevice(config, deviceXml),
            (qmp, live, ct) => UnplugDiskAsync(qmp, live, deviceXml, ct), cancellationToken);

    /// <summary>
    /// One change to a domain's persistent definition and/or its running QEMU, as <paramref name="impact"/> resolves.
    /// Both new definitions are made before anything is written, and the persistent one is written only after the
    /// live change succeeded, so a refused change leaves both as they were.
    /// </summary>
    private async Task ModifyAsync(DomainRef domain, DomainModification impact, Func<DomainDefinition, DomainDefinition> config,
        Func<QmpClient, DomainDefinition, CancellationToken, Task<DomainDefinition>> live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var held = await LockAsync(domain.Name, cancellationToken).ConfigureAwait(false);
        var seen = await RequireLockedAsync(domain, cancellationToken).ConfigureAwait(false);
        var targets = ModificationTargets.Resolve(impact, seen.Status.IsActive, seen.Persistent);
        var newConfig = targets.Config ? config(seen.Config!) : null;
        if (targets.Live)
        {
            var record = seen.Record!;
            var newLive = await OnMonitorAsync(record, (qmp, ct) => live(qmp, seen.Definition, ct), cancellationToken).ConfigureAwait(false);
            await _files.WriteStatusAsync(domain.Name, record with { LiveXml = DomainXml.Format(newLive, record.Id) }, cancellationToken).ConfigureAwait(false);
        }
        if (newConfig is not null)
        {
            string stored = DomainXml.Format(newConfig);
            ParsedDefinitions.Remember(stored, newConfig);
            await _files.WriteDefinitionAsync(domain.Name, stored, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Plugs vCPUs into empty slots, or unplugs ones plugged since boot, until <paramref name="count"/> are present.
    /// QEMU names each slot's place (socket, core, thread); a plugged vCPU's device id is <c>vcpuN</c>, N its socket.
    /// </summary>
    private static async Task PlugVcpusAsync(QmpClient qmp, int count, CancellationToken cancellationToken)
    {
        var slots = (await qmp.QueryHotpluggableCpusAsync(cancellationToken).ConfigureAwait(false)).OrderBy(Socket).ToList();
        var present = slots.Where(s => s.QomPath is not null).ToList();
        foreach (var slot in slots.Where(s => s.QomPath is null).Take(count - present.Count))
            await qmp.AddCpuAsync(slot, VcpuDeviceId(slot), cancellationToken).ConfigureAwait(false);
        if (count >= present.Count)
            return;
        // Only vCPUs plugged after boot are devices of their own (under /machine/peripheral/) that can be taken out.
        var removable = present.Where(s => s.QomPath!.StartsWith(PluggedCpuPath, StringComparison.Ordinal)).Reverse().Take(present.Count - count).ToList();
        if (removable.Count < present.Count - count)
            throw new StrataException(ErrorCode.OperationUnsupported,
                $"Operation not supported: only vCPUs plugged after boot can be unplugged ({present.Count - removable.Count} were online at boot)");
        foreach (var slot in removable)
            await qmp.DeleteDeviceAsync(slot.QomPath![PluggedCpuPath.Length..], cancellationToken).ConfigureAwait(false);
    }

    private const string PluggedCpuPath = "/machine/peripheral/";

    private static long Socket(QmpHotpluggableCpu slot) => slot.Props.FirstOrDefault(p => p.Key == "socket-id").Value;

    private static string VcpuDeviceId(QmpHotpluggableCpu slot) => FormattableString.Invariant($"vcpu{Socket(slot)}");

    /// <summary>libvirt's words for a device kind its QEMU driver cannot plug into (or out of) a running guest.</summary>
    private static StrataException LiveDeviceChangeUnsupported(string change, string deviceXml) =>
        new(ErrorCode.OperationUnsupported, $"Operation not supported: live {change} of device '{DefinitionChanges.DeviceKind(deviceXml)}' is not supported");
}
