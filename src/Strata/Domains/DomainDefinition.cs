namespace Strata.Domains;

/// <summary>
/// A domain definition: the parsed, validated form of libvirt domain XML. Immutable; change it with <c>with</c>.
/// <see cref="DomainXml"/> reads and writes it.
/// </summary>
public sealed record DomainDefinition
{
    /// <summary>The virtualization type.</summary>
    public DomainVirtType Type { get; init; } = DomainVirtType.Qemu;

    /// <summary>The domain name (see <see cref="DomainName.Validate"/>).</summary>
    public string Name { get; init; } = "";

    /// <summary>The domain UUID (generated on parse when absent).</summary>
    public Guid Uuid { get; init; }

    /// <summary>A short one-line title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>A free-form description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The child elements of <c>&lt;metadata&gt;</c> as XML text, kept as given; null when absent.</summary>
    public string? MetadataXml { get; init; }

    /// <summary>Maximum guest memory in KiB.</summary>
    public ulong MemoryKiB { get; init; }

    /// <summary>Memory at boot in KiB (the balloon target); never above <see cref="MemoryKiB"/>.</summary>
    public ulong CurrentMemoryKiB { get; init; }

    /// <summary>The maximum number of virtual CPUs.</summary>
    public int Vcpus { get; init; } = 1;

    /// <summary>The vCPUs online at boot (<c>current</c> of <c>&lt;vcpu&gt;</c>), or null when all <see cref="Vcpus"/> are.</summary>
    public int? CurrentVcpus { get; init; }

    /// <summary>The vCPUs online at boot.</summary>
    public int OnlineVcpus => CurrentVcpus ?? Vcpus;

    /// <summary>OS, machine and boot settings.</summary>
    public DomainOs Os { get; init; } = new();

    /// <summary>Machine features.</summary>
    public DomainFeatures Features { get; init; } = new();

    /// <summary>The CPU model, or null for the hypervisor default.</summary>
    public DomainCpu? Cpu { get; init; }

    /// <summary>The RTC base.</summary>
    public ClockOffset Clock { get; init; } = ClockOffset.Utc;

    /// <summary>Action on guest power-off (only destroy is supported).</summary>
    public LifecycleAction OnPoweroff { get; init; } = LifecycleAction.Destroy;

    /// <summary>Action on guest reboot: restart, or destroy (QEMU's <c>-no-reboot</c>).</summary>
    public LifecycleAction OnReboot { get; init; } = LifecycleAction.Restart;

    /// <summary>Action on guest crash (only destroy is supported).</summary>
    public LifecycleAction OnCrash { get; init; } = LifecycleAction.Destroy;

    /// <summary>The devices.</summary>
    public DomainDevices Devices { get; init; } = new();

    /// <summary>
    /// A copy where the serial port with target port <paramref name="targetPort"/> has host path <paramref name="path"/>
    /// (the pty QEMU allocated); a serial console mirroring that port shows it too.
    /// </summary>
    public DomainDefinition WithSerialSourcePath(int targetPort, string path) =>
        this with
        {
            Devices = Devices with
            {
                Serials = Devices.Serials.Select(s => s.TargetPort == targetPort ? s with { SourcePath = path } : s).ToList(),
            },
        };

    /// <summary>A copy where the <paramref name="index"/>-th console (a virtio console) has host path <paramref name="path"/>.</summary>
    public DomainDefinition WithConsoleSourcePath(int index, string path) =>
        this with
        {
            Devices = Devices with
            {
                Consoles = Devices.Consoles.Select((c, i) => i == index ? c with { SourcePath = path } : c).ToList(),
            },
        };

    /// <summary>A copy where the <paramref name="index"/>-th VNC display has the live TCP port <paramref name="port"/>.</summary>
    public DomainDefinition WithGraphicsPort(int index, int port) =>
        this with
        {
            Devices = Devices with
            {
                Graphics = Devices.Graphics.Select((g, i) => i == index ? g with { Port = port } : g).ToList(),
            },
        };
}
