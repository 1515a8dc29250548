using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Host;

/// <summary>
/// Host facts for <c>nodeinfo</c> and <c>capabilities</c>, read as libvirt's virHostCPUGetInfo does: the CPU
/// model is the architecture name, memory is the NUMA nodes' MemTotal, topology comes from sysfs.
/// </summary>
public static class HostNode
{
    private const string CpuDir = "/sys/devices/system/cpu";
    private const string NodeDir = "/sys/devices/system/node";
    private const string MemInfoFile = "/proc/meminfo";
    private const string CpuInfoFile = "/proc/cpuinfo";
    private const string HostnameFile = "/proc/sys/kernel/hostname";
    private const string SmbiosUuidFile = "/sys/class/dmi/id/product_uuid";
    private const string MachineIdFile = "/etc/machine-id";

    /// <summary>What <c>virsh nodeinfo</c> shows for this host.</summary>
    public static NodeInfo GetNodeInfo() => GetNodeInfo(HostRoot.Default);

    /// <summary>The node info of the host whose /proc and /sys lie under <paramref name="root"/>.</summary>
    public static NodeInfo GetNodeInfo(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cpuInfo = CpuInfo.Parse(root.ReadText(CpuInfoFile));
        var cpus = GetCpus(root);
        int online = cpus.Count > 0 ? cpus.Count : Math.Max(cpuInfo.Processors, 1);
        int nodes = Math.Max(CountNodes(root), 1);

        int sockets, cores, threads;
        if (cpus.Count > 0)
        {
            int packages = cpus.Select(c => c.SocketId).Distinct().Count();
            int distinctCores = cpus.Select(c => (c.SocketId, c.DieId, c.CoreId)).Distinct().Count();
            sockets = Math.Max(packages / nodes, 1);
            cores = Math.Max(distinctCores / Math.Max(packages, 1), 1);
            threads = Math.Max(online / Math.Max(distinctCores, 1), 1);
        }
        else
        {
            (sockets, cores, threads) = (1, online, 1);
        }
        // As libvirt: when the topology does not multiply out to the CPU count, report a flat one.
        if ((long)nodes * sockets * cores * threads != online)
            (nodes, sockets, cores, threads) = (1, 1, online, 1);

        return new NodeInfo(
            ArchitectureName(),
            MemoryKiB(root),
            online,
            cpuInfo.MHz is { } mhz ? (int)mhz : 0,
            nodes,
            sockets,
            cores,
            threads);
    }

    /// <summary>The online CPUs and their topology ids (empty when sysfs does not say).</summary>
    public static IReadOnlyList<HostCpu> GetCpus() => GetCpus(HostRoot.Default);

    /// <inheritdoc cref="GetCpus()"/>
    public static IReadOnlyList<HostCpu> GetCpus(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var ids = ParseCpuList(root.ReadText($"{CpuDir}/online"));
        var nodeOfCpu = new Dictionary<int, int>();
        foreach (int node in ListNodes(root))
            foreach (int cpu in ParseCpuList(root.ReadText($"{NodeDir}/node{node}/cpulist")))
                nodeOfCpu[cpu] = node;

        var result = new List<HostCpu>();
        foreach (int id in ids)
        {
            string topology = $"{CpuDir}/cpu{id}/topology";
            if (!root.Exists(topology)) continue;
            result.Add(new HostCpu(
                id,
                ReadInt(root, $"{topology}/physical_package_id"),
                ReadInt(root, $"{topology}/die_id"),
                ReadInt(root, $"{topology}/core_id"),
                nodeOfCpu.GetValueOrDefault(id),
                root.ReadText($"{topology}/thread_siblings_list")?.Trim() ?? id.ToString(CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>The NUMA node numbers (empty on kernels without NUMA support).</summary>
    public static IReadOnlyList<int> ListNodes(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        string directory = root.Resolve(NodeDir);
        if (!Directory.Exists(directory)) return [];
        var nodes = new List<int>();
        foreach (string path in Directory.EnumerateDirectories(directory, "node*"))
        {
            if (int.TryParse(Path.GetFileName(path).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int node))
                nodes.Add(node);
        }
        nodes.Sort();
        return nodes;
    }

    /// <summary>
    /// The host's memory as libvirt's virHostMemGetInfo counts it: the sum of the NUMA nodes' MemTotal (less than
    /// /proc/meminfo's by what the kernel keeps outside every node), or MemTotal where sysfs lists no nodes.
    /// </summary>
    public static ulong MemoryKiB(HostRoot root)
    {
        ulong sum = 0;
        foreach (int node in ListNodes(root))
        {
            ulong kib = NodeMemTotalKiB(root, node);
            if (kib == 0)
                return MemTotalKiB(root); // a node without its meminfo: count as if there were no nodes
            sum += kib;
        }
        return sum > 0 ? sum : MemTotalKiB(root);
    }

    /// <summary>MemTotal from /proc/meminfo, in KiB.</summary>
    public static ulong MemTotalKiB(HostRoot root) => MemInfoKiB(root, MemInfoFile, "MemTotal");

    /// <summary>A NUMA node's MemTotal in KiB (from its own meminfo).</summary>
    public static ulong NodeMemTotalKiB(HostRoot root, int node) =>
        MemInfoKiB(root, string.Create(CultureInfo.InvariantCulture, $"{NodeDir}/node{node}/meminfo"), "MemTotal");

    /// <summary>The host name, as the kernel knows it.</summary>
    public static string GetHostName() => GetHostName(HostRoot.Default);

    /// <inheritdoc cref="GetHostName()"/>
    public static string GetHostName(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.ReadText(HostnameFile)?.Trim() is { Length: > 0 } name ? name : Environment.MachineName;
    }

    /// <summary>
    /// A stable identity for this host, as capabilities' <c>&lt;host&gt;&lt;uuid&gt;</c>: the SMBIOS system UUID when
    /// readable, else /etc/machine-id, else one derived from the host name.
    /// </summary>
    public static Guid GetHostUuid() => GetHostUuid(HostRoot.Default);

    /// <inheritdoc cref="GetHostUuid()"/>
    public static Guid GetHostUuid(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.ReadText(SmbiosUuidFile)?.Trim() is { } smbios && Guid.TryParse(smbios, out Guid fromSmbios) && fromSmbios != Guid.Empty)
            return fromSmbios;
        if (root.ReadText(MachineIdFile)?.Trim() is { Length: 32 } machineId && Guid.TryParseExact(machineId, "N", out Guid fromMachineId))
            return fromMachineId;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("strata-host:" + GetHostName(root)));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>The architecture as libvirt names it ("x86_64", "aarch64").</summary>
    public static string ArchitectureName() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "i686",
        Architecture.Arm => "armv7l",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loongarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>"0-3,8,10-11" → 0,1,2,3,8,10,11.</summary>
    internal static List<int> ParseCpuList(string? text)
    {
        var result = new List<int>();
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (string part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int single)) result.Add(single);
            }
            else if (int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int last))
            {
                for (int cpu = first; cpu <= last; cpu++) result.Add(cpu);
            }
        }
        return result;
    }

    private static int CountNodes(HostRoot root) => ListNodes(root).Count;

    private static int ReadInt(HostRoot root, string path) =>
        int.TryParse(root.ReadText(path)?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= 0 ? value : 0;

    /// <summary>"MemTotal:  24684104 kB" (or "Node 0 MemTotal: …") → 24684104.</summary>
    private static ulong MemInfoKiB(HostRoot root, string file, string key)
    {
        foreach (var line in (root.ReadText(file) ?? "").AsSpan().EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || !line[..colon].EndsWith(key, StringComparison.Ordinal)) continue;
            var value = line[(colon + 1)..].Trim();
            int space = value.IndexOf(' ');
            if (space > 0) value = value[..space];
            return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong kib) ? kib : 0;
        }
        return 0;
    }
}
