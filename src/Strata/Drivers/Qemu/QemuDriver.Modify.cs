using System.Runtime.ExceptionServices;
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
            await qmp.SetBalloonAsync(memoryKiB * 1024, ct).ConfigureAwait(false);
            return changed;
        }, cancellationToken);

    /// <summary>vCPUs in the persistent definition; into a running guest, plugged (see <c>QemuDriver.VcpuHotplug.cs</c>).</summary>
    public Task SetVcpusAsync(DomainRef domain, int count, bool maximum, DomainModification impact, CancellationToken cancellationToken) =>
        ModifyAsync(domain, impact, config => DefinitionChanges.SetVcpus(config, count, maximum, live: false),
            (qmp, live, ct) => maximum ? throw MaximumOfLiveVcpus() : PlugVcpusAsync(qmp, live, count, ct), cancellationToken);

    /// <summary>Any device into the persistent definition; into a running guest, virtio disks (see <c>QemuDriver.DiskHotplug.cs</c>).</summary>
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
        var targets = ModificationTargets.Resolve(impact, seen.Status, seen.Persistent);
        var newConfig = targets.Config ? config(seen.Config!) : null;
        // Once QEMU has changed, what it has is written down even if the caller gives up meanwhile.
        if (targets.Live)
        {
            var record = seen.Record!;
            DomainDefinition changed;
            try
            {
                changed = await OnMonitorAsync(record, (qmp, ct) => live(qmp, seen.Definition, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (PartialLiveChangeException partial)
            {
                await _files.WriteStatusAsync(domain.Name, record.WithLive(partial.Live), CancellationToken.None).ConfigureAwait(false);
                ExceptionDispatchInfo.Throw(partial.InnerException!);
                throw;
            }
            await _files.WriteStatusAsync(domain.Name, record.WithLive(changed), CancellationToken.None).ConfigureAwait(false);
        }
        if (newConfig is not null)
        {
            string stored = DomainXml.Format(newConfig);
            ParsedDefinitions.Remember(stored, newConfig);
            await _files.WriteDefinitionAsync(domain.Name, stored, targets.Live ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>libvirt's words for a device kind its QEMU driver cannot plug into (or out of) a running guest.</summary>
    private static StrataException LiveDeviceChangeUnsupported(string change, string deviceXml) =>
        new(ErrorCode.OperationUnsupported, $"Operation not supported: live {change} of device '{DefinitionChanges.DeviceKind(deviceXml)}' is not supported");
}
