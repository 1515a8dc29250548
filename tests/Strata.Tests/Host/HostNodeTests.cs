using Strata.Host;

namespace Strata.Tests.Host;

public class HostNodeTests
{
    /// <summary>2 sockets × 2 cores × 2 threads on one NUMA node, 16 GiB (of which the node holds 15.5).</summary>
    private static FakeHost TwoSocketHost()
    {
        var host = new FakeHost()
            .File("/proc/cpuinfo", FakeHost.CpuInfo("vmx", "3000.500", processors: 8))
            .File("/proc/meminfo", "MemTotal:       16777216 kB\nMemFree:         1000 kB\n")
            .File("/sys/devices/system/cpu/online", "0-7\n")
            .File("/sys/devices/system/node/node0/cpulist", "0-7\n")
            .File("/sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:       16252928 kB\nNode 0 MemFree:         1000 kB\n")
            .File("/proc/sys/kernel/hostname", "box\n")
            .File("/etc/machine-id", "5a1e000000004000800000000000cafe\n");
        for (int cpu = 0; cpu < 8; cpu++)
        {
            string topology = $"/sys/devices/system/cpu/cpu{cpu}/topology";
            host.File($"{topology}/physical_package_id", $"{cpu / 4}\n")
                .File($"{topology}/die_id", "0\n")
                .File($"{topology}/core_id", $"{cpu % 4 / 2}\n")
                .File($"{topology}/thread_siblings_list", $"{cpu - cpu % 2}-{cpu - cpu % 2 + 1}\n");
        }
        return host;
    }

    [Fact]
    public void NodeInfoReadsTopologyFromSysfs()
    {
        using var host = TwoSocketHost();
        var info = HostNode.GetNodeInfo(host.Root);
        Assert.Equal(new NodeInfo(HostNode.ArchitectureName(), 16_252_928, 8, 3000, 1, 2, 2, 2), info);
        Assert.Equal("box", HostNode.GetHostName(host.Root));
        Assert.Equal(Guid.Parse("5a1e0000-0000-4000-8000-00000000cafe"), HostNode.GetHostUuid(host.Root));
        var cpus = HostNode.GetCpus(host.Root);
        Assert.Equal(8, cpus.Count);
        Assert.Equal(new HostCpu(5, 1, 0, 0, 0, "4-5"), cpus[5]);
    }

    [Fact]
    public void MemoryIsWhatTheNumaNodesHoldAsLibvirtCountsIt()
    {
        using var host = new FakeHost()
            .File("/proc/meminfo", "MemTotal:       24684084 kB\n")
            .File("/sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:       12000000 kB\n")
            .File("/sys/devices/system/node/node1/meminfo", "Node 1 MemTotal:       11816396 kB\n");
        Assert.Equal(23_816_396UL, HostNode.MemoryKiB(host.Root));
        Assert.Equal(23_816_396UL, HostNode.GetNodeInfo(host.Root).MemoryKiB);

        using var noNodes = new FakeHost().File("/proc/meminfo", "MemTotal:       24684084 kB\n");
        Assert.Equal(24_684_084UL, HostNode.MemoryKiB(noNodes.Root));
    }

    [Fact]
    public void WithoutSysfsTheTopologyIsFlat()
    {
        using var host = new FakeHost().File("/proc/cpuinfo", FakeHost.CpuInfo("", processors: 3));
        var info = HostNode.GetNodeInfo(host.Root);
        Assert.Equal((3, 1, 1, 3, 1), (info.Cpus, info.Nodes, info.Sockets, info.CoresPerSocket, info.ThreadsPerCore));
        Assert.Equal(2299, info.MhZ);
    }

    [Theory]
    [InlineData("0-3,8,10-11\n", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData("0\n", new[] { 0 })]
    [InlineData("", new int[0])]
    public void CpuListsExpand(string text, int[] expected) => Assert.Equal(expected, HostNode.ParseCpuList(text));

    [Fact]
    public void ThisHostsNodeInfoAddsUp()
    {
        var info = HostNode.GetNodeInfo();
        Assert.Equal(Environment.ProcessorCount, info.Cpus);
        Assert.Equal(info.Cpus, info.Nodes * info.Sockets * info.CoresPerSocket * info.ThreadsPerCore);
        Assert.True(info.MemoryKiB > 0);
        Assert.NotEqual(Guid.Empty, HostNode.GetHostUuid());
        Assert.False(string.IsNullOrEmpty(HostNode.GetHostName()));
    }
}
