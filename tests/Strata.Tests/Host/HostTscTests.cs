using System.Diagnostics;
using Strata.Host;
using Xunit.Abstractions;

namespace Strata.Tests.Host;

public class HostTscTests(ITestOutputHelper output)
{
    [Fact]
    public void SysfsWinsWhenPresent()
    {
        using var host = new FakeHost()
            .File("/sys/devices/system/cpu/cpu0/tsc_freq_khz", "2500000\n")
            .File("/dev/kmsg", "6,1,52,-;tsc: Detected 2299.998 MHz processor\n")
            .File("/proc/cpuinfo", FakeHost.CpuInfo("", "1200.000"));
        Assert.Equal(new TscFrequency(2_500_000, TscSource.Sysfs), HostTsc.Measure(host.Root));
    }

    [Fact]
    public void TheKernelsRefinedCalibrationBeatsItsFirstGuess()
    {
        using var host = new FakeHost()
            .File("/dev/kmsg", "6,1,52,-;tsc: Detected 2299.998 MHz processor\n6,2,60,-;other\n6,339,5140900,-;tsc: Refined TSC clocksource calibration: 2300.010 MHz\n")
            .File("/proc/cpuinfo", FakeHost.CpuInfo("", "1200.000"));
        Assert.Equal(new TscFrequency(2_300_010, TscSource.KernelRefinedCalibration), HostTsc.Measure(host.Root));
    }

    [Fact]
    public void DmesgStyleLinesParseToo()
    {
        var found = HostTsc.FromKernelLog(["[    0.000052] tsc: Detected 2299.998 MHz processor", "[    0.2] TSC deadline timer available"]);
        Assert.Equal(new TscFrequency(2_299_998, TscSource.KernelDetected), found);
    }

    [Fact]
    public void CpuInfoIsTheLastResortRoundedToKHz()
    {
        using var host = new FakeHost().File("/proc/cpuinfo", FakeHost.CpuInfo("", "2299.9984"));
        Assert.Equal(new TscFrequency(2_299_998, TscSource.CpuInfo), HostTsc.Measure(host.Root));
    }

    [Fact]
    public void NothingKnownIsNull()
    {
        using var host = new FakeHost();
        Assert.Null(HostTsc.Measure(host.Root));
    }

    [Fact]
    public void ThisHostHasATscFrequencyAndReadingItIsCheap()
    {
        var clock = Stopwatch.StartNew();
        var fresh = HostTsc.Measure(HostRoot.Default);
        var elapsed = clock.Elapsed;
        output.WriteLine($"TSC {fresh?.KHz} kHz from {fresh?.Source}, read in {elapsed.TotalMilliseconds:F2} ms");
        if (File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("cpu MHz", StringComparison.Ordinal))
            Assert.NotNull(fresh);
        Assert.Equal(HostTsc.KHz(), HostTsc.Get()?.KHz);
    }
}
