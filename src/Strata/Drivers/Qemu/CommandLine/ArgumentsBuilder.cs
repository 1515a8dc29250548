using System.Globalization;
using Strata.Domains;
using static Strata.Drivers.Qemu.CommandLine.QemuOptions;

namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>Collects the arguments for one launch, in the order libvirt's QEMU driver writes them.</summary>
internal sealed partial class ArgumentsBuilder
{
    private const int VncBasePort = 5900;
    /// <summary>With an automatic port and none allocated yet, QEMU searches this many displays from :0.</summary>
    private const int VncAutoDisplays = 99;

    private readonly DomainDefinition _definition;
    private readonly QemuLaunchContext _context;
    private readonly MachineFamily _family;
    private readonly List<string> _args = [];
    private readonly PciSlotAllocator _pci;
    private readonly Dictionary<object, int> _bootIndexes = new(ReferenceEqualityComparer.Instance);
    private readonly (string Key, string? Value)[]? _primaryVideoPlacement;

    public ArgumentsBuilder(DomainDefinition definition, QemuLaunchContext context)
    {
        _definition = definition;
        _context = context;
        _family = DomainXml.MachineFamilyOf(definition.Os.Machine);
        _pci = new PciSlotAllocator(_family, ExplicitPciAddresses(definition.Devices));
        if (_family != MachineFamily.Microvm && definition.Devices.Videos.FirstOrDefault() is { Model: not VideoModel.None } primary)
        {
            // The primary video card takes its traditional slot before anything else is placed.
            _primaryVideoPlacement = _pci.Place(primary.Address, _pci.PrimaryVideoSlot);
        }
        AssignBootIndexes();
    }

    private bool Microvm => _family == MachineFamily.Microvm;

    public IReadOnlyList<string> Build()
    {
        Add("-name", Join("guest=" + Escape(_definition.Name), ("debug-threads", "on")));
        if (_context.StartPaused)
        {
            Add("-S");
        }
        Add("-machine", MachineOption());
        Add("-accel", _context.Accelerator == QemuAccelerator.Kvm ? "kvm" : "tcg");
        if (CpuOption() is { } cpu)
        {
            Add("-cpu", cpu);
        }
        Add("-m", "size=" + Num(QemuCommandLine.AlignedMemoryKiB(_definition.MemoryKiB)) + "k");
        // As libvirt: one socket per vCPU, so that each vCPU beyond the online ones can be hot-plugged.
        Add("-smp", Join(Num(_definition.OnlineVcpus),
            ("maxcpus", _definition.CurrentVcpus is null ? null : Num(_definition.Vcpus)),
            ("sockets", Num(_definition.Vcpus)), ("cores", "1"), ("threads", "1")));
        Add("-uuid", _definition.Uuid.ToString("D", CultureInfo.InvariantCulture));
        if (_definition.Devices.Graphics.Count == 0)
        {
            Add("-display", "none");
        }
        Add("-no-user-config");
        Add("-nodefaults");
        Add("-chardev", Join("socket", ("id", "charmonitor"), ("path", Escape(_context.QmpSocketPath)), ("server", "on"), ("wait", "off")));
        Add("-mon", Join("chardev=charmonitor", ("id", "monitor"), ("mode", "control")));
        Add("-rtc", "base=" + (_definition.Clock == ClockOffset.LocalTime ? "localtime" : "utc"));
        if (_context.NoShutdown)
        {
            Add("-no-shutdown");
        }
        if (_definition.OnReboot == LifecycleAction.Destroy)
        {
            Add("-no-reboot");
        }
        if (!Microvm)
        {
            Add("-boot", "strict=on");
        }
        AddKernel();
        AddControllers();
        AddDisks();
        AddInterfaces();
        AddSerials();
        AddConsoles();
        AddInputs();
        Add("-audiodev", Join("none", ("id", "audio" + Num(_definition.Devices.Audios.FirstOrDefault()?.Id ?? 1))));
        AddGraphics();
        AddVideos();
        AddMemballoon();
        AddRngs();
        if (_context.SandboxSupported)
        {
            Add("-sandbox", SandboxOption(_context.Daemonize));
        }
        Add("-msg", "timestamp=on");
        if (_context.PidFilePath is { } pidFile)
        {
            Add("-pidfile", pidFile);
        }
        if (_context.Daemonize)
        {
            Add("-daemonize");
        }
        return _args.ToArray();
    }

    /// <summary>
    /// The strongest seccomp policy that still works: libvirt's full set in the foreground. With <c>-daemonize</c>,
    /// QEMU 7.2 forks and calls setsid after installing the filter, so <c>spawn=deny</c> kills it (SIGSYS) and
    /// <c>elevateprivileges=deny</c> (or <c>children</c>) makes it exit; both are left out there.
    /// </summary>
    internal static string SandboxOption(bool daemonize) =>
        daemonize
            ? "on,obsolete=deny,resourcecontrol=deny"
            : "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";

    private void Add(params string[] arguments) => _args.AddRange(arguments);

    private string MachineOption()
    {
        bool acpi = _definition.Features.Acpi;
        if (Microvm)
        {
            // No legacy PIT/PIC and no option ROMs: microvm's point is a small, fast-booting machine.
            // The ISA serial ports are created explicitly, one per <serial>.
            return Join("microvm",
                ("x-option-roms", "off"), ("pit", "off"), ("pic", "off"), ("isa-serial", "off"), ("rtc", "on"),
                ("dump-guest-core", "off"), ("acpi", acpi ? "on" : "off"));
        }
        return Join(_definition.Os.Machine, ("usb", "off"), ("dump-guest-core", "off"), ("acpi", acpi ? null : "off"));
    }

    private string? CpuOption()
    {
        DomainCpu? cpu = _definition.Cpu;
        if (cpu is null)
        {
            return null;
        }
        bool kvm = _context.Accelerator == QemuAccelerator.Kvm;
        string? model = cpu.Mode switch
        {
            CpuMode.HostPassthrough => "host",
            // Under TCG there is no host CPU to copy: "max" is everything TCG can emulate.
            CpuMode.HostModel => kvm ? "host" : "max",
            _ => cpu.Model,
        };
        if (model is null)
        {
            return null;
        }
        var parts = new List<string> { model };
        if (cpu.Mode == CpuMode.HostPassthrough)
        {
            parts.Add("migratable=on");
        }
        foreach (CpuFeature feature in cpu.Features)
        {
            parts.Add(feature.Name + (feature.Policy is "disable" or "forbid" ? "=off" : "=on"));
        }
        return string.Join(',', parts);
    }

    private void AddKernel()
    {
        DomainOs os = _definition.Os;
        if (os.Kernel is null)
        {
            return;
        }
        Add("-kernel", os.Kernel);
        if (os.Initrd is not null)
        {
            Add("-initrd", os.Initrd);
        }
        string? append = os.Cmdline;
        if (Microvm && _context.Accelerator == QemuAccelerator.Tcg && _context.HostTscKHz is { } khz
            && (append is null || !append.Contains("tsc_early_khz=", StringComparison.Ordinal)))
        {
            // microvm has no PIT (pit=off), so under TCG the guest cannot calibrate its TSC: tell it the frequency.
            string tsc = "tsc_early_khz=" + Num(khz);
            append = string.IsNullOrEmpty(append) ? tsc : append + " " + tsc;
        }
        if (append is not null)
        {
            Add("-append", append);
        }
    }

    private void AssignBootIndexes()
    {
        if (_definition.Os.Kernel is not null || Microvm)
        {
            return;
        }
        int next = 1;
        DomainDevices devices = _definition.Devices;
        foreach (BootDevice boot in _definition.Os.BootDevices)
        {
            object? device = boot switch
            {
                BootDevice.HardDisk => devices.Disks.FirstOrDefault(d => d.Device == DiskDevice.Disk),
                BootDevice.Cdrom => devices.Disks.FirstOrDefault(d => d.Device == DiskDevice.Cdrom),
                BootDevice.Network => devices.Interfaces.FirstOrDefault(),
                _ => null,
            };
            if (device is not null && !_bootIndexes.ContainsKey(device))
            {
                _bootIndexes[device] = next++;
            }
        }
    }

    private string? BootIndex(object device) => _bootIndexes.TryGetValue(device, out int index) ? Num(index) : null;

    private IEnumerable<DeviceAddress> ExplicitPciAddresses(DomainDevices devices) =>
        devices.Disks.Select(d => d.Address)
            .Concat(devices.Controllers.Where(c => QemuCommandLine.BuiltInAddress(c, _family) is null).Select(c => c.Address))
            .Concat(devices.Interfaces.Select(i => i.Address))
            .Concat(devices.Videos.Select(v => v.Address))
            .Concat(devices.Rngs.Select(r => r.Address))
            .Append(devices.Memballoon?.Address)
            .OfType<DeviceAddress>()
            .Where(a => a.Type == AddressType.Pci);
}
