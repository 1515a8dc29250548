using System.Xml.Linq;
using static Strata.Domains.XmlChecks;

namespace Strata.Domains;

/// <summary>
/// The changes virsh's setmem, setmaxmem, setvcpus, attach-device and detach-device make to one definition (the live
/// one or the persistent one), checked and worded as libvirt's QEMU driver does. Each returns a new definition or
/// throws, so a refused change leaves nothing half done. Devices go in and out at the XML level and the result is
/// parsed again, so an attached device gets every check and default a defined one gets.
/// </summary>
public static class DefinitionChanges
{
    public static DomainDefinition SetMemory(DomainDefinition definition, ulong memoryKiB, bool maximum)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (memoryKiB == 0)
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: memory size must be greater than zero");
        if (maximum)
            return definition with { MemoryKiB = memoryKiB, CurrentMemoryKiB = Math.Min(definition.CurrentMemoryKiB, memoryKiB) };
        if (memoryKiB > definition.MemoryKiB)
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: cannot set memory higher than max memory");
        return definition with { CurrentMemoryKiB = memoryKiB };
    }

    /// <summary>
    /// The maximum vCPU count (<paramref name="maximum"/>, persistent definitions only), or the count online, which may
    /// not exceed it. <paramref name="live"/> names the definition in the error, as libvirt does.
    /// </summary>
    public static DomainDefinition SetVcpus(DomainDefinition definition, int count, bool maximum, bool live)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (count < 1)
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: nvcpus must not be zero");
        if (maximum)
        {
            int online = Math.Min(definition.OnlineVcpus, count);
            return definition with { Vcpus = count, CurrentVcpus = online == count ? null : online };
        }
        if (count > definition.Vcpus)
            throw new StrataException(ErrorCode.InvalidArg,
                $"invalid argument: requested vcpus is greater than max allowable vcpus for the {(live ? "live" : "persistent")} domain: {count} > {definition.Vcpus}");
        return definition with { CurrentVcpus = count == definition.Vcpus ? null : count };
    }

    /// <summary>The definition with the device <paramref name="deviceXml"/> (one <c>&lt;disk&gt;</c>, <c>&lt;interface&gt;</c>, …) added.</summary>
    public static DomainDefinition AttachDevice(DomainDefinition definition, string deviceXml)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var device = LoadDevice(deviceXml);
        if (device.Name.LocalName == "disk" && DiskTarget(device) is { } target
            && definition.Devices.Disks.Any(d => d.TargetDev == target))
            throw new OperationInvalidException($"target {target} already exists");
        var root = XElement.Parse(DomainXml.Format(definition));
        var devices = root.Element("devices");
        if (devices is null)
            root.Add(devices = new XElement("devices"));
        devices.Add(device);
        return DomainXml.Parse(root.ToString());
    }

    /// <summary>
    /// The definition without the device <paramref name="deviceXml"/> names: a disk by its target, an interface by its
    /// MAC address (or the only interface, when it gives none).
    /// </summary>
    public static DomainDefinition DetachDevice(DomainDefinition definition, string deviceXml)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var device = LoadDevice(deviceXml);
        var root = XElement.Parse(DomainXml.Format(definition));
        var present = root.Element("devices")?.Elements(device.Name.LocalName).ToList() ?? [];
        XElement match;
        switch (device.Name.LocalName)
        {
            case "disk":
                string target = DiskTarget(device) ?? throw Invalid("missing target information for device");
                match = present.FirstOrDefault(d => DiskTarget(d) == target)
                    ?? throw new StrataException(ErrorCode.DeviceMissing, $"device not found: no target device {target}");
                break;
            case "interface":
                string? mac = (string?)device.Element("mac")?.Attribute("address");
                var candidates = mac is null
                    ? present
                    : present.Where(i => string.Equals((string?)i.Element("mac")?.Attribute("address"), mac, StringComparison.OrdinalIgnoreCase)).ToList();
                if (candidates.Count == 0)
                    throw new StrataException(ErrorCode.DeviceMissing, mac is null
                        ? "device not found: no network interface to detach"
                        : $"device not found: no device found at address '(<null>)' matching MAC address '{mac}' and alias '(<null>)'");
                if (candidates.Count > 1)
                    throw new StrataException(ErrorCode.OperationFailed, "operation failed: multiple matching devices found");
                match = candidates[0];
                break;
            default:
                throw new StrataException(ErrorCode.OperationUnsupported,
                    $"Operation not supported: persistent detach of device '{device.Name.LocalName}' is not supported");
        }
        match.Remove();
        return DomainXml.Parse(root.ToString());
    }

    /// <summary>The kind of device <paramref name="deviceXml"/> describes (its element's name), for messages.</summary>
    public static string DeviceKind(string deviceXml) => LoadDevice(deviceXml).Name.LocalName;

    private static XElement LoadDevice(string deviceXml)
    {
        ArgumentNullException.ThrowIfNull(deviceXml);
        var device = DomainXml.Load(deviceXml, "device definition");
        if (!DomainXml.IsDeviceElement(device.Name.LocalName) || device.Name.Namespace != XNamespace.None)
            throw Unsupported($"unknown device type '{device.Name.LocalName}'");
        return device;
    }

    private static string? DiskTarget(XElement disk) => (string?)disk.Element("target")?.Attribute("dev");

    /// <summary>The target (<c>vdb</c>) a disk's XML names, or null.</summary>
    internal static string? DiskTarget(string diskXml) => DiskTarget(LoadDevice(diskXml));
}
