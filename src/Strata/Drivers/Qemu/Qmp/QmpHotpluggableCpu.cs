namespace Strata.Drivers.Qemu.Qmp;

/// <summary>
/// One vCPU slot as <c>query-hotpluggable-cpus</c> reports it: the device type to plug, where it goes (the
/// <c>props</c>: socket-id, core-id, …, by name), and the QOM path of the vCPU in it, or null while the slot is empty.
/// </summary>
public sealed record QmpHotpluggableCpu(string Type, IReadOnlyList<KeyValuePair<string, long>> Props, string? QomPath);
