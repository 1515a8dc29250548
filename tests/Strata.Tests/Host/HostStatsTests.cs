using Strata.Host;

namespace Strata.Tests.Host;

/// <summary>nodecpustats, nodememstats and freecell read /proc and sysfs as libvirt's Linux code does.</summary>
public class HostStatsTests
{
    private const string Stat = "cpu  700 10 80 4500 50 3 12 27 0 0\ncpu0 400 10 40 2200 20 1 6 13 0 0\ncpu1 300 0 40 2300 30 2 6 14 0 0\nintr 1 2 3\n";

    private static FakeHost TwoCellHost() => new FakeHost()
        .File("/proc/stat", Stat)
        .File("/proc/meminfo", "MemTotal:       24684084 kB\nMemFree:        19338172 kB\nMemAvailable:   23816504 kB\nBuffers:           75168 kB\nCached:          4431140 kB\nSwapCached:            0 kB\n")
        .File("/sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:       12000000 kB\nNode 0 MemFree:         9000000 kB\nNode 0 MemUsed:         3000000 kB\n")
        .File("/sys/devices/system/node/node1/meminfo", "Node 1 MemTotal:       12684084 kB\nNode 1 MemFree:        10000000 kB\nNode 1 MemUsed:         2684084 kB\n");

    [Fact]
    public void CpuTimeIsKernelUserIdleAndIowaitInNanoseconds()
    {
        using var host = TwoCellHost();
        // kernel = system + irq + softirq, user = user + nice; ticks of 10 ms.
        Assert.Equal([new("kernel", 950_000_000), new("user", 7_100_000_000), new("idle", 45_000_000_000), new("iowait", 500_000_000)],
            HostStats.CpuStats(host.Root, HostStats.All));
        Assert.Equal(new NodeStat("user", 3_000_000_000), HostStats.CpuStats(host.Root, 1)[1]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-2)]
    public void ACpuTheHostDoesNotHaveIsRefusedInLibvirtsWords(int cpu)
    {
        using var host = TwoCellHost();
        var error = Assert.Throws<StrataException>(() => HostStats.CpuStats(host.Root, cpu));
        Assert.Equal((ErrorCode.InvalidArg, "Invalid cpuNum in virHostCPUGetStatsLinux"), (error.Code, error.Message));
    }

    [Fact]
    public void TheHostsMemoryIsTotalFreeBuffersAndCachedAndACellsIsTotalAndFree()
    {
        using var host = TwoCellHost();
        Assert.Equal([new("total", 24684084), new("free", 19338172), new("buffers", 75168), new("cached", 4431140)], HostStats.MemoryStats(host.Root, HostStats.All));
        Assert.Equal([new("total", 12684084), new("free", 10000000)], HostStats.MemoryStats(host.Root, 1));
        var error = Assert.Throws<StrataException>(() => HostStats.MemoryStats(host.Root, 2));
        Assert.Equal((ErrorCode.InvalidArg, "cellNum in virHostMemGetStats must be less than or equal to 1"), (error.Code, error.Message));
    }

    [Fact]
    public void FreeMemoryIsCountedPerCellInBytes()
    {
        using var host = TwoCellHost();
        Assert.Equal([9_000_000UL * 1024, 10_000_000UL * 1024], HostStats.CellsFreeMemory(host.Root, 0, 8));
        Assert.Equal([10_000_000UL * 1024], HostStats.CellsFreeMemory(host.Root, 1, 1));
        Assert.Equal(19_000_000UL * 1024, HostStats.FreeMemory(host.Root));
        var error = Assert.Throws<StrataException>(() => HostStats.CellsFreeMemory(host.Root, 3, 1));
        Assert.Equal("internal error: start cell 3 out of range (0-1)", error.Message);
    }

    [Fact]
    public void AHostWithoutNumaIsOneCellWithTheHostsMemory()
    {
        using var host = new FakeHost().File("/proc/meminfo", "MemTotal:  1000 kB\nMemFree:  600 kB\nBuffers:  10 kB\nCached:  20 kB\n");
        Assert.Equal([600UL * 1024], HostStats.CellsFreeMemory(host.Root, 0, 1));
        Assert.Equal(600UL * 1024, HostStats.FreeMemory(host.Root));
        Assert.Equal(new NodeStat("total", 1000), HostStats.MemoryStats(host.Root, 0)[0]);
    }
}
