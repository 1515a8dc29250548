using System.Globalization;

namespace Strata.Host;

/// <summary>
/// The host's CPU time and memory, read as libvirt's Linux code reads them for <c>nodecpustats</c>,
/// <c>nodememstats</c> and <c>freecell</c>: /proc/stat, /proc/meminfo and each NUMA node's own meminfo.
/// </summary>
public static class HostStats
{
    /// <summary>VIR_NODE_CPU_STATS_ALL_CPUS and VIR_NODE_MEMORY_STATS_ALL_CELLS: the whole host.</summary>
    public const int All = -1;

    private const string StatFile = "/proc/stat";
    private const string MemInfoFile = "/proc/meminfo";

    // /proc/stat counts in clock ticks of USER_HZ, 100 on every Linux architecture libvirt supports.
    private const ulong NanosecondsPerTick = 1_000_000_000 / 100;

    // meminfo's names and libvirt's, in the order meminfo lists them.
    private static readonly (string MemInfo, string Field)[] MemoryFields =
        [("MemTotal", "total"), ("MemFree", "free"), ("Buffers", "buffers"), ("Cached", "cached")];

    /// <summary>
    /// CPU time since boot of one CPU, or of all of them (<see cref="All"/>), in nanoseconds: kernel (system, irq and
    /// softirq), user (user and nice), idle and iowait.
    /// </summary>
    public static IReadOnlyList<NodeStat> CpuStats(HostRoot root, int cpu)
    {
        ArgumentNullException.ThrowIfNull(root);
        string prefix = cpu == All ? "cpu " : string.Create(CultureInfo.InvariantCulture, $"cpu{cpu} ");
        foreach (var line in (root.ReadText(StatFile) ?? "").Split('\n'))
        {
            if (cpu < All || !line.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var ticks = line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            if (ticks.Length < 7)
                break;
            ulong Ticks(params int[] columns) => columns.Aggregate(0UL, (sum, c) => sum + ticks[c]) * NanosecondsPerTick;
            return
            [
                new("kernel", Ticks(2, 5, 6)),
                new("user", Ticks(0, 1)),
                new("idle", Ticks(3)),
                new("iowait", Ticks(4)),
            ];
        }
        throw new StrataException(ErrorCode.InvalidArg, "Invalid cpuNum in virHostCPUGetStatsLinux"); // libvirt's words, with no prefix
    }

    /// <summary>
    /// Memory of the whole host (<see cref="All"/>: total, free, buffers, cached) or of one NUMA cell (total, free),
    /// in KiB.
    /// </summary>
    public static IReadOnlyList<NodeStat> MemoryStats(HostRoot root, int cell)
    {
        ArgumentNullException.ThrowIfNull(root);
        string? meminfo;
        if (cell == All)
        {
            meminfo = root.ReadText(MemInfoFile);
        }
        else
        {
            var cells = Cells.Of(root);
            if (cell < 0 || cell > cells.Last)
                throw new StrataException(ErrorCode.InvalidArg, $"cellNum in virHostMemGetStats must be less than or equal to {cells.Last}");
            meminfo = cells.MemInfo(cell);
        }
        var stats = Parse(meminfo);
        return stats.Count > 0 ? stats : throw new StrataException(ErrorCode.InternalError, "internal error: no memory statistics in meminfo");
    }

    private static List<NodeStat> Parse(string? meminfo)
    {
        var stats = new List<NodeStat>();
        foreach (var line in (meminfo ?? "").Split('\n'))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int name = words is ["Node", _, ..] ? 2 : 0; // a cell's lines start "Node 0 "
            if (words.Length < name + 2)
                continue;
            foreach (var (memInfo, field) in MemoryFields)
            {
                if (words[name] == memInfo + ":")
                    stats.Add(new(field, ulong.Parse(words[name + 1], NumberStyles.None, CultureInfo.InvariantCulture)));
            }
        }
        return stats;
    }

    /// <summary>Free memory in bytes of the NUMA cells from <paramref name="startCell"/>, at most <paramref name="maxCells"/> of them.</summary>
    public static IReadOnlyList<ulong> CellsFreeMemory(HostRoot root, int startCell, int maxCells)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cells = Cells.Of(root);
        if (startCell < 0 || startCell > cells.Last)
            throw new StrataException(ErrorCode.InternalError, $"internal error: start cell {startCell} out of range (0-{cells.Last})");
        int end = (int)Math.Min(cells.Last, (long)startCell + maxCells - 1);
        // A cell sysfs does not have (a gap in the numbering) has nothing free.
        return [.. Enumerable.Range(startCell, Math.Max(end - startCell + 1, 0))
            .Select(cell => Parse(cells.MemInfo(cell)).FirstOrDefault(s => s.Field == "free")?.Value * 1024 ?? 0)];
    }

    /// <summary>The host's free memory in bytes: the sum of its NUMA cells' (as libvirt counts it with libnuma).</summary>
    public static ulong FreeMemory(HostRoot root) =>
        CellsFreeMemory(root, 0, int.MaxValue).Aggregate(0UL, (sum, cell) => sum + cell);

    /// <summary>The host's NUMA cells as sysfs lists them, read once per question.</summary>
    private sealed record Cells(HostRoot Root, IReadOnlyList<int> Numbers)
    {
        public static Cells Of(HostRoot root) => new(root, HostNode.ListNodes(root));

        // A host without NUMA information in sysfs is one cell, 0, with /proc/meminfo's numbers.
        public int Last => Numbers.Count > 0 ? Numbers[^1] : 0;

        public string? MemInfo(int cell) => Numbers.Count == 0
            ? Root.ReadText(MemInfoFile)
            : Root.ReadText(string.Create(CultureInfo.InvariantCulture, $"/sys/devices/system/node/node{cell}/meminfo"));
    }
}
