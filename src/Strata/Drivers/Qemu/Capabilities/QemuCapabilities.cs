using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>What one QEMU binary can do, probed over QMP (and cached, see <see cref="QemuCapabilitiesCache"/>).</summary>
/// <param name="EmulatorPath">The binary probed.</param>
/// <param name="Version">Its version (<c>query-version</c>).</param>
/// <param name="Arch">The guest architecture it emulates (<c>query-target</c>): "x86_64".</param>
/// <param name="Machines">Machine types, in QEMU's order.</param>
/// <param name="CpuModels">CPU models, in QEMU's order.</param>
/// <param name="SandboxSupported">Whether <c>-sandbox</c> (seccomp) is built in.</param>
/// <param name="DeviceTypes">Names of the non-abstract device types (<c>qom-list-types implements=device</c>), sorted.</param>
/// <param name="Accelerators">Accelerators built in: "tcg", "kvm".</param>
/// <param name="KvmSupported">The binary has KVM support built in (<c>query-kvm</c> present); whether the host can use it is <see cref="Host.HostVirtualization"/>'s question.</param>
/// <param name="ProbedAt">When the probe ran.</param>
public sealed record QemuCapabilities(
    string EmulatorPath,
    QemuVersion Version,
    string Arch,
    IReadOnlyList<QemuMachineType> Machines,
    IReadOnlyList<QemuCpuModel> CpuModels,
    bool SandboxSupported,
    IReadOnlyList<string> DeviceTypes,
    IReadOnlyList<string> Accelerators,
    bool KvmSupported,
    DateTimeOffset ProbedAt)
{
    /// <summary>The machine type QEMU uses by default ("pc-i440fx-X"), or null when there is none.</summary>
    public QemuMachineType? DefaultMachine => Machines.FirstOrDefault(m => m.IsDefault);

    /// <summary>Finds a machine type by name or alias ("pc" finds pc-i440fx-7.2).</summary>
    public QemuMachineType? FindMachine(string nameOrAlias) =>
        Machines.FirstOrDefault(m => string.Equals(m.Name, nameOrAlias, StringComparison.Ordinal))
        ?? Machines.FirstOrDefault(m => string.Equals(m.Alias, nameOrAlias, StringComparison.Ordinal));

    /// <summary>Whether a device type ("virtio-net-pci", "isa-serial") exists in this binary.</summary>
    public bool HasDevice(string typeName) => DeviceTypes.Contains(typeName, StringComparer.Ordinal);

    /// <summary>Whether a CPU model ("qemu64", "max") exists.</summary>
    public bool HasCpuModel(string name) => CpuModels.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
