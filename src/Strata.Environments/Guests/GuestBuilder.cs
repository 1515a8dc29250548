using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Strata.Environments.Boxes;
using Strata.Host;

namespace Strata.Environments.Guests;

/// <summary>Turns a box and a machine's spec into the machine's disks and its libvirt domain XML.</summary>
public static class GuestBuilder
{
    /// <summary>The machine's root disk (its overlay) in its folder.</summary>
    public const string RootDiskFile = "root.qcow2";

    /// <summary>The serial console's log in the machine's folder (rewritten at each start); the tiny box prints its readiness line there.</summary>
    public const string ConsoleLogFile = "console.log";

    /// <summary>The line the tiny box prints on its serial console once dropbear listens.</summary>
    public const string ReadyLine = "strata-guest: ready";

    /// <summary>
    /// Creates the machine's disks in its folder: a qcow2 overlay on the box image, plus a seed when the box needs
    /// one. An overlay that already exists is kept (it holds the machine's changes).
    /// </summary>
    public static async Task<GuestDisks> CreateDisksAsync(Box box, GuestSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(box);
        GuestSpecChecks.Validate(spec);
        Directory.CreateDirectory(spec.MachineDirectory);
        string root = Path.Combine(spec.MachineDirectory, RootDiskFile);
        if (!File.Exists(root))
            await GuestOverlay.CreateAsync(box, root, cancellationToken).ConfigureAwait(false);
        string? seed = box.Boot.CloudInit
            ? await CloudInitSeed.WriteAsync(spec, box.Boot.SshUser, cancellationToken).ConfigureAwait(false)
            : null;
        return new GuestDisks(root, seed);
    }

    /// <summary>The machine's libvirt domain XML (TCG or KVM as the host allows, user networking with the spec's ports).</summary>
    public static string DomainXml(Box box, GuestSpec spec, GuestDisks disks)
    {
        ArgumentNullException.ThrowIfNull(box);
        bool kvm = HostVirtualization.Detect().KvmUsable;
        // microvm boots faster (no PCI, no firmware), but under TCG it needs the host's TSC frequency to calibrate.
        bool microvm = box.Boot.Kernel is not null && (kvm || HostTsc.KHz() is not null);
        return DomainXml(box, spec, disks, kvm, microvm);
    }

    /// <summary>The domain XML for the accelerator and machine type given (tests choose them; callers let the host decide).</summary>
    internal static string DomainXml(Box box, GuestSpec spec, GuestDisks disks, bool kvm, bool microvm)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(disks);
        GuestSpecChecks.Validate(spec);
        if (microvm && box.Boot.Kernel is null)
            throw new ArgumentException("a microvm machine needs a kernel to boot directly", nameof(microvm));

        var domain = new XElement("domain", new XAttribute("type", kvm ? "kvm" : "qemu"),
            new XElement("name", spec.DomainName),
            new XElement("memory", new XAttribute("unit", "MiB"), spec.MemoryMiB),
            new XElement("vcpu", spec.Cpus),
            Os(box, spec, microvm),
            new XElement("features", new XElement("acpi")),
            new XElement("on_poweroff", "destroy"),
            new XElement("devices",
                Disk("disk", "qcow2", disks.Root, "vda", "virtio", readOnly: false),
                disks.Seed is null ? null
                    : microvm ? Disk("disk", "raw", disks.Seed, "vdb", "virtio", readOnly: true)
                    : Disk("cdrom", "raw", disks.Seed, "hdc", "ide", readOnly: true),
                Interface(spec.Ports),
                new XElement("serial", new XAttribute("type", "file"),
                    new XElement("source", new XAttribute("path", Path.Combine(Path.GetFullPath(spec.MachineDirectory), ConsoleLogFile)))),
                new XElement("rng", new XAttribute("model", "virtio"), new XElement("backend", new XAttribute("model", "random"), "/dev/urandom")),
                new XElement("memballoon", new XAttribute("model", "none"))));
        return domain.ToString();
    }

    private static XElement Os(Box box, GuestSpec spec, bool microvm)
    {
        var os = new XElement("os", new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", microvm ? "microvm" : "pc"), "hvm"));
        if (box.Boot.Kernel is not { } kernel)
        {
            os.Add(new XElement("boot", new XAttribute("dev", "hd")));
            return os;
        }
        os.Add(new XElement("kernel", kernel));
        if (box.Boot.Initrd is { } initrd)
            os.Add(new XElement("initrd", initrd));
        os.Add(new XElement("cmdline", KernelCommandLine(box, spec, microvm)));
        return os;
    }

    /// <summary>
    /// The box's arguments plus the machine's hostname and key, which the tiny box's initramfs writes into the root
    /// disk before switching to it (so a machine gets its key with no password and no network step). The key line is
    /// base64-encoded because it holds spaces.
    /// </summary>
    internal static string KernelCommandLine(Box box, GuestSpec spec, bool microvm)
    {
        var line = new StringBuilder(box.Boot.KernelArgs ?? "");
        // On pc, acpi=noirq routes PCI interrupts from the BIOS table instead of ACPI AML (~0.15 s less CPU under TCG).
        if (!microvm)
            line.Append(" acpi=noirq");
        if (!box.Boot.CloudInit)
        {
            line.Append(CultureInfo.InvariantCulture, $" strata.hostname={spec.Hostname}");
            line.Append(" strata.key=").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(spec.AuthorizedKey.Trim())));
        }
        return line.ToString().Trim();
    }

    private static XElement Disk(string device, string format, string path, string target, string bus, bool readOnly) =>
        new("disk", new XAttribute("type", "file"), new XAttribute("device", device),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", format)),
            new XElement("source", new XAttribute("file", Path.GetFullPath(path))),
            new XElement("target", new XAttribute("dev", target), new XAttribute("bus", bus)),
            readOnly ? new XElement("readonly") : null);

    private static XElement Interface(IReadOnlyList<GuestPort> ports)
    {
        var nic = new XElement("interface", new XAttribute("type", "user"), new XElement("model", new XAttribute("type", "virtio")));
        foreach (var port in ports)
        {
            nic.Add(new XElement("portForward", new XAttribute("proto", port.Protocol), new XAttribute("address", "127.0.0.1"),
                new XElement("range", new XAttribute("start", port.Host), new XAttribute("to", port.Guest))));
        }
        return nic;
    }
}
