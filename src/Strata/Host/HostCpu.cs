namespace Strata.Host;

/// <summary>One online CPU's place in the topology, from /sys/devices/system/cpu/cpuN/topology.</summary>
public sealed record HostCpu(int Id, int SocketId, int DieId, int CoreId, int NodeId, string Siblings);
