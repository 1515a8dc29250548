namespace Strata.Drivers.Qemu.Qmp;

/// <summary>One vCPU as <c>query-cpus-fast</c> reports it: its index and the host thread that runs it.</summary>
public sealed record QmpVcpu(int Index, int ThreadId);
