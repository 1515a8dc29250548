namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>One machine type from <c>query-machines</c>.</summary>
/// <param name="Name">The versioned name ("pc-i440fx-7.2", "pc-q35-7.2", "microvm").</param>
/// <param name="Alias">The unversioned alias that points at it ("pc", "q35"), when it has one.</param>
/// <param name="IsDefault">The machine QEMU picks without <c>-machine</c>.</param>
/// <param name="MaxCpus">The most vCPUs the machine accepts.</param>
/// <param name="Deprecated">QEMU warns when it is used and may drop it.</param>
public sealed record QemuMachineType(string Name, string? Alias, bool IsDefault, int MaxCpus, bool Deprecated);
