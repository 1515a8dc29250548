namespace Strata.Host;

/// <summary>One NUMA cell of the host: memory, page pools, distances and CPUs.</summary>
public sealed record HostNumaCell(
    int Id,
    ulong MemoryKiB,
    IReadOnlyList<KeyValuePair<ulong, ulong>> PagesBySizeKiB,
    IReadOnlyList<KeyValuePair<int, int>> Distances,
    IReadOnlyList<HostCpu> Cpus);
