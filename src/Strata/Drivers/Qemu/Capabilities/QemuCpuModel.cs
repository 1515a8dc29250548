namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>One CPU model from <c>query-cpu-definitions</c>, as seen under the accelerator of the probe (TCG).</summary>
/// <param name="Name">The name for <c>-cpu</c> ("qemu64", "Skylake-Client-v1", "max").</param>
/// <param name="Usable">No features are missing under the probed accelerator.</param>
/// <param name="Deprecated">QEMU warns when it is used.</param>
/// <param name="AliasOf">The versioned model an alias resolves to, when it is an alias.</param>
public sealed record QemuCpuModel(string Name, bool Usable, bool Deprecated, string? AliasOf);
