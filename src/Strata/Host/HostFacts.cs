using System.Globalization;

namespace Strata.Host;

/// <summary>
/// Everything <c>capabilities</c> says about the host, gathered in one pass over /proc and /sys (no processes).
/// </summary>
/// <param name="Uuid">The host's identity (SMBIOS, machine-id, or derived from the host name).</param>
/// <param name="HostName">The kernel's host name.</param>
/// <param name="Arch">"x86_64".</param>
/// <param name="Node">What <c>nodeinfo</c> shows.</param>
/// <param name="CpuVendor">"Intel", "AMD", or the raw vendor_id; null when unknown.</param>
/// <param name="CpuFamily">CPUID family, when /proc/cpuinfo shows it.</param>
/// <param name="CpuModel">CPUID model number.</param>
/// <param name="CpuStepping">CPUID stepping.</param>
/// <param name="Microcode">The microcode revision as /proc/cpuinfo prints it ("0x1").</param>
/// <param name="Tsc">The TSC frequency, when known.</param>
/// <param name="PageSizesKiB">Page sizes the host offers: 4 and the hugepage sizes.</param>
/// <param name="Cells">NUMA cells (one synthesised cell on kernels without NUMA).</param>
/// <param name="IommuPresent">An IOMMU is active (/sys/kernel/iommu_groups has groups).</param>
public sealed record HostFacts(
    Guid Uuid,
    string HostName,
    string Arch,
    NodeInfo Node,
    string? CpuVendor,
    int? CpuFamily,
    int? CpuModel,
    int? CpuStepping,
    string? Microcode,
    TscFrequency? Tsc,
    IReadOnlyList<ulong> PageSizesKiB,
    IReadOnlyList<HostNumaCell> Cells,
    bool IommuPresent)
{
    private const ulong BasePageKiB = 4;
    private const string HugePagesDir = "/sys/kernel/mm/hugepages";
    private const string NodeDir = "/sys/devices/system/node";
    private const string IommuGroupsDir = "/sys/kernel/iommu_groups";

    /// <summary>Gathers the real host's facts.</summary>
    public static HostFacts Gather() => Gather(HostRoot.Default, HostTsc.Get());

    /// <summary>Gathers the facts of the host under <paramref name="root"/>; <paramref name="tsc"/> as measured by the caller.</summary>
    public static HostFacts Gather(HostRoot root, TscFrequency? tsc)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cpuInfo = CpuInfo.Parse(root.ReadText("/proc/cpuinfo"));
        var node = HostNode.GetNodeInfo(root);
        var cpus = HostNode.GetCpus(root);
        var hugeSizes = HugePageSizes(root);

        var cells = new List<HostNumaCell>();
        var nodeIds = HostNode.ListNodes(root);
        foreach (int id in nodeIds)
        {
            ulong memory = HostNode.NodeMemTotalKiB(root, id);
            var pages = PagePools(memory, hugeSizes, size =>
                ReadULong(root, string.Create(CultureInfo.InvariantCulture, $"{NodeDir}/node{id}/hugepages/hugepages-{size}kB/nr_hugepages")));
            cells.Add(new HostNumaCell(id, memory, pages, Distances(root, id, nodeIds), [.. cpus.Where(c => c.NodeId == id)]));
        }
        if (cells.Count == 0)
        {
            ulong memory = node.MemoryKiB;
            var pages = PagePools(memory, hugeSizes, size =>
                ReadULong(root, string.Create(CultureInfo.InvariantCulture, $"{HugePagesDir}/hugepages-{size}kB/nr_hugepages")));
            cells.Add(new HostNumaCell(0, memory, pages, [new(0, 10)], cpus));
        }

        return new HostFacts(
            HostNode.GetHostUuid(root),
            HostNode.GetHostName(root),
            HostNode.ArchitectureName(),
            node,
            cpuInfo.VendorId switch
            {
                "GenuineIntel" => "Intel",
                "AuthenticAMD" => "AMD",
                "HygonGenuine" => "Hygon",
                var other => other,
            },
            cpuInfo.Family,
            cpuInfo.Model,
            cpuInfo.Stepping,
            cpuInfo.Microcode,
            tsc,
            [BasePageKiB, .. hugeSizes],
            cells,
            Directory.Exists(root.Resolve(IommuGroupsDir)) && Directory.EnumerateFileSystemEntries(root.Resolve(IommuGroupsDir)).Any());
    }

    /// <summary>Hugepage sizes in KiB, from /sys/kernel/mm/hugepages/hugepages-NkB.</summary>
    private static List<ulong> HugePageSizes(HostRoot root)
    {
        var sizes = new List<ulong>();
        string directory = root.Resolve(HugePagesDir);
        if (!Directory.Exists(directory)) return sizes;
        foreach (string path in Directory.EnumerateDirectories(directory, "hugepages-*kB"))
        {
            string name = Path.GetFileName(path);
            if (ulong.TryParse(name.AsSpan("hugepages-".Length, name.Length - "hugepages-".Length - "kB".Length),
                    NumberStyles.None, CultureInfo.InvariantCulture, out ulong size))
                sizes.Add(size);
        }
        sizes.Sort();
        return sizes;
    }

    /// <summary>As libvirt: 4 KiB pages are the memory not reserved as hugepages.</summary>
    private static List<KeyValuePair<ulong, ulong>> PagePools(ulong memoryKiB, List<ulong> hugeSizes, Func<ulong, ulong> hugeCount)
    {
        var pools = new List<KeyValuePair<ulong, ulong>>();
        ulong reserved = 0;
        foreach (ulong size in hugeSizes)
        {
            ulong count = hugeCount(size);
            reserved += count * size;
            pools.Add(new(size, count));
        }
        pools.Insert(0, new(BasePageKiB, (memoryKiB > reserved ? memoryKiB - reserved : 0) / BasePageKiB));
        return pools;
    }

    private static List<KeyValuePair<int, int>> Distances(HostRoot root, int node, IReadOnlyList<int> nodeIds)
    {
        var result = new List<KeyValuePair<int, int>>();
        string? text = root.ReadText(string.Create(CultureInfo.InvariantCulture, $"{NodeDir}/node{node}/distance"));
        var values = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < values.Length && i < nodeIds.Count; i++)
            if (int.TryParse(values[i], NumberStyles.None, CultureInfo.InvariantCulture, out int distance))
                result.Add(new(nodeIds[i], distance));
        return result;
    }

    private static ulong ReadULong(HostRoot root, string path) =>
        ulong.TryParse(root.ReadText(path)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : 0;
}
