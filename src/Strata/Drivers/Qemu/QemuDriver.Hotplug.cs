using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu;

/// <summary>
/// Disks plugged into and out of a running guest over QMP, as libvirt's QEMU driver does it: the image's block nodes
/// (named as at launch), then the virtio-blk device on a PCI slot QEMU picks; out again with device_del, once the
/// guest lets the device go, and the nodes after it.
/// </summary>
public sealed partial class QemuDriver
{
    /// <summary>How long an unplug waits for the guest to let the device go, within the monitor's timeout.</summary>
    private static readonly TimeSpan UnplugWait = TimeSpan.FromSeconds(3);

    private static async Task<DomainDefinition> PlugDiskAsync(QmpClient qmp, DomainDefinition live, string deviceXml, CancellationToken cancellationToken)
    {
        if (DefinitionChanges.DeviceKind(deviceXml) != "disk")
            throw LiveDeviceChangeUnsupported("attach", deviceXml);
        var changed = DefinitionChanges.AttachDevice(live, deviceXml);
        var disk = changed.Devices.Disks.First(d => live.Devices.Disks.All(old => old.TargetDev != d.TargetDev));
        RequireHotpluggable(live, disk);
        string path = disk.SourcePath ?? throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: a disk without a source cannot be hotplugged");
        if (!File.Exists(path))
            throw new StrataException(ErrorCode.SystemError, $"Cannot access storage file '{path}': No such file or directory");

        string alias = ArgumentsBuilder.DiskAlias(disk);
        string storage = ArgumentsBuilder.StorageNode(alias), format = ArgumentsBuilder.FormatNode(alias);
        await qmp.AddStorageNodeAsync(ArgumentsBuilder.ProtocolDriver(disk), path, storage, cancellationToken).ConfigureAwait(false);
        try
        {
            await qmp.AddFormatNodeAsync(ArgumentsBuilder.FormatDriver(disk), format, storage, disk.ReadOnly, cancellationToken).ConfigureAwait(false);
            try
            {
                await qmp.AddDiskDeviceAsync("virtio-blk-pci", format, alias, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ForgetNodeAsync(qmp, format).ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await ForgetNodeAsync(qmp, storage).ConfigureAwait(false);
            throw;
        }
        return changed;
    }

    private static async Task<DomainDefinition> UnplugDiskAsync(QmpClient qmp, DomainDefinition live, string deviceXml, CancellationToken cancellationToken)
    {
        if (DefinitionChanges.DeviceKind(deviceXml) != "disk")
            throw LiveDeviceChangeUnsupported("detach", deviceXml);
        var changed = DefinitionChanges.DetachDevice(live, deviceXml);
        var disk = live.Devices.Disks.First(d => changed.Devices.Disks.All(kept => kept.TargetDev != d.TargetDev));
        RequireHotpluggable(live, disk);

        string alias = ArgumentsBuilder.DiskAlias(disk);
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(UnplugWait);
            try
            {
                await qmp.DeleteDeviceAsync(alias, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // QEMU has asked the guest (ACPI); the disk goes whenever the guest agrees, and a later detach finds it gone.
                throw new StrataException(ErrorCode.OperationFailed,
                    $"operation failed: the guest has not released disk {disk.TargetDev} within {UnplugWait.TotalSeconds:0} s; it stays attached until the guest lets it go");
            }
            catch (QmpErrorException e) when (e.ErrorClass == "DeviceNotFound")
            {
                // Released by the guest after an earlier detach timed out: only the definition still had it.
            }
        }
        if (disk.SourcePath is not null)
        {
            await ForgetNodeAsync(qmp, ArgumentsBuilder.FormatNode(alias)).ConfigureAwait(false);
            await ForgetNodeAsync(qmp, ArgumentsBuilder.StorageNode(alias)).ConfigureAwait(false);
        }
        return changed;
    }

    /// <summary>Only virtio disks on a PCI machine can come and go while the guest runs, as with libvirt.</summary>
    private static void RequireHotpluggable(DomainDefinition live, DiskDefinition disk)
    {
        if (disk.Bus != DiskBus.Virtio || disk.Device == DiskDevice.Cdrom)
            throw new StrataException(ErrorCode.OperationUnsupported,
                $"Operation not supported: disk bus '{disk.Bus.ToString().ToLowerInvariant()}' cannot be hotplugged.");
        if (DomainXml.MachineFamilyOf(live.Os.Machine) == MachineFamily.Microvm)
            throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: a microvm machine has no bus to hotplug disks into");
    }

    /// <summary>Removes a block node while undoing or finishing a plug; one already gone is not an error.</summary>
    private static async Task ForgetNodeAsync(QmpClient qmp, string nodeName)
    {
        try
        {
            await qmp.DeleteNodeAsync(nodeName, CancellationToken.None).ConfigureAwait(false);
        }
        catch (QmpErrorException)
        {
        }
    }
}
