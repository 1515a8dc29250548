namespace Strata.Protocol;

/// <summary>
/// libvirt's CPU maps: one bit per host CPU (CPU c is bit c % 8 of byte c / 8), a map of <c>maplen</c> bytes per
/// vCPU, the maps one after the other.
/// </summary>
public static class CpuMaps
{
    /// <summary>The bytes one map of <paramref name="hostCpus"/> CPUs takes (<c>VIR_CPU_MAPLEN</c>).</summary>
    public static int Length(int hostCpus) => (hostCpus + 7) / 8;

    /// <summary>The CPUs set in map <paramref name="index"/>; what lies past the end of <paramref name="maps"/> is unset.</summary>
    public static IReadOnlyList<int> Read(byte[] maps, int index, int mapLength)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var cpus = new List<int>();
        for (int cpu = 0; cpu < mapLength * 8; cpu++)
        {
            int at = index * mapLength + cpu / 8;
            if (at < maps.Length && (maps[at] & (1 << (cpu % 8))) != 0)
                cpus.Add(cpu);
        }
        return cpus;
    }

    /// <summary>Sets, in map <paramref name="index"/>, every CPU of <paramref name="cpus"/> the map has room for.</summary>
    public static void Write(byte[] maps, int index, int mapLength, IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(cpus);
        foreach (int cpu in cpus.Where(c => c >= 0 && c < mapLength * 8))
            maps[index * mapLength + cpu / 8] |= (byte)(1 << (cpu % 8));
    }
}
