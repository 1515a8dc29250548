namespace Strata;

/// <summary>
/// One running vCPU as <c>virsh vcpuinfo</c> shows it (libvirt's <c>virVcpuInfo</c> and its CPU map): its number,
/// state, CPU time in nanoseconds, the host CPU it last ran on, and the host CPUs it may run on.
/// </summary>
public sealed record VcpuInfo(int Number, VcpuState State, ulong CpuTimeNs, int HostCpu, IReadOnlyList<int> Affinity);
