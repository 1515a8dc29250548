using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu;

/// <summary>
/// Disks plugged into and out of a running guest over QMP, as libvirt's QEMU driver does it: the image's block nodes
/// (named as at launch), then the virtio-blk device on a PCI slot QEMU picks; out again with device_del, once the
/// guest lets the device go, and the nodes after it. vCPUs are in <c>QemuDriver.VcpuHotplug.cs</c>.
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
        // Undone only where QEMU said no: after a command that got no answer, what QEMU did is unknown, and nodes a
        // device may be using are left alone.
        try
        {
            await qmp.AddFormatNodeAsync(ArgumentsBuilder.FormatDriver(disk), format, storage, disk.ReadOnly, cancellationToken).ConfigureAwait(false);
            try
            {
                await qmp.AddDiskDeviceAsync("virtio-blk-pci", format, alias, cancellationToken).ConfigureAwait(false);
            }
            catch (QmpErrorException)
            {
                await ForgetNodeAsync(qmp, format).ConfigureAwait(false);
                throw;
            }
        }
        catch (QmpErrorException)
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
        DomainDefinition changed;
        try
        {
            changed = DefinitionChanges.DetachDevice(live, deviceXml);
        }
        catch (StrataException e) when (e.Code == ErrorCode.DeviceMissing)
        {
            // libvirt's words for a disk the running domain lacks.
            string target = DefinitionChanges.DiskTarget(deviceXml) ?? "";
            throw new StrataException(ErrorCode.DeviceMissing, $"device not found: disk {target} not found");
        }
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
                // As libvirt: QEMU has asked the guest (ACPI), which lets the disk go in its own time. Until then the
                // running domain still has it; a later detach finds it gone and finishes the job.
                return live;
            }
            catch (QmpErrorException e) when (e.ErrorClass == "DeviceNotFound")
            {
                // Released by the guest after an earlier detach: only the live definition still had it.
            }
        }
        if (disk.SourcePath is not null)
        {
            await ForgetNodeAsync(qmp, ArgumentsBuilder.FormatNode(alias)).ConfigureAwait(false);
            await ForgetNodeAsync(qmp, ArgumentsBuilder.StorageNode(alias)).ConfigureAwait(false);
        }
        return changed;
    }

    /// <summary>Only virtio disks on a pc machine can come and go while the guest runs.</summary>
    private static void RequireHotpluggable(DomainDefinition live, DiskDefinition disk)
    {
        if (disk.Bus != DiskBus.Virtio || disk.Device == DiskDevice.Cdrom)
            throw new StrataException(ErrorCode.OperationUnsupported,
                $"Operation not supported: disk bus '{disk.Bus.ToString().ToLowerInvariant()}' cannot be hotplugged.");
        // Strata gives q35 guests no pcie-root-port (as libvirt does), and pcie.0 itself takes no hot-plugged device.
        if (DomainXml.MachineFamilyOf(live.Os.Machine) is var family && family != MachineFamily.Pc)
            throw new StrataException(ErrorCode.OperationUnsupported,
                $"Operation not supported: a {(family == MachineFamily.Q35 ? "q35" : "microvm")} machine has no slot to hotplug a disk into");
    }

    /// <summary>
    /// Removes a block node while undoing or finishing a plug, within a second of its own (the monitor's time may be
    /// spent). Best effort: a node QEMU will not remove stays until the domain stops, and takes nothing from the guest.
    /// </summary>
    private static async Task ForgetNodeAsync(QmpClient qmp, string nodeName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await qmp.DeleteNodeAsync(nodeName, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpErrorException or HypervisorException or OperationCanceledException)
        {
        }
    }
}
