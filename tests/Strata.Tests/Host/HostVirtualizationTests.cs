using Strata.Host;

namespace Strata.Tests.Host;

public class HostVirtualizationTests
{
    [Fact]
    public void ASoftwareHypervisorBehindDevKvmIsNotUsable()
    {
        using var host = new FakeHost()
            .File("/dev/kvm", "")
            .File("/proc/cpuinfo", FakeHost.CpuInfo("hypervisor"))
            .Dir("/sys/module/kvm")
            .Dir("/sys/module/kvm_pvm");
        var result = HostVirtualization.Detect(host.Root);
        Assert.False(result.KvmUsable);
        Assert.True(result.KvmDevicePresent);
        Assert.True(result.SoftwareHypervisorLoaded);
        Assert.Null(result.HardwareVirtualizationFlag);
        Assert.Equal(
            "/dev/kvm is present but the CPU has no vmx/svm flag and kvm_pvm (a software hypervisor) is loaded: hardware virtualization is not usable here, so guests run under TCG",
            result.Reason);
    }

    [Theory]
    [InlineData("vmx", "kvm_intel")]
    [InlineData("svm", "kvm_amd")]
    public void HardwareVirtualizationWithItsModuleIsUsable(string flag, string module)
    {
        using var host = new FakeHost()
            .File("/dev/kvm", "")
            .File("/proc/cpuinfo", FakeHost.CpuInfo(flag, processors: 2))
            .Dir("/sys/module/kvm")
            .Dir($"/sys/module/{module}");
        var result = HostVirtualization.Detect(host.Root);
        Assert.True(result.KvmUsable, result.Reason);
        Assert.Equal(flag, result.HardwareVirtualizationFlag);
        Assert.Equal(module, result.KvmVendorModule);
        Assert.Contains("guests run under KVM", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AVmxCpuWithoutKvmIntelIsNotUsable()
    {
        using var host = new FakeHost()
            .File("/dev/kvm", "")
            .File("/proc/cpuinfo", FakeHost.CpuInfo("vmx"))
            .Dir("/sys/module/kvm");
        var result = HostVirtualization.Detect(host.Root);
        Assert.False(result.KvmUsable);
        Assert.Contains("kvm_intel is not loaded", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDevKvmMeansTcg()
    {
        using var host = new FakeHost().File("/proc/cpuinfo", FakeHost.CpuInfo("vmx")).Dir("/sys/module/kvm_intel");
        var result = HostVirtualization.Detect(host.Root);
        Assert.False(result.KvmUsable);
        Assert.False(result.KvmDevicePresent);
        Assert.StartsWith("/dev/kvm does not exist", result.Reason, StringComparison.Ordinal);
        Assert.EndsWith("so guests run under TCG", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ThisHostIsJudgedByItsOwnFiles()
    {
        var result = HostVirtualization.Detect();
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        if (Directory.Exists("/sys/module/kvm_pvm") || !File.Exists("/dev/kvm"))
            Assert.False(result.KvmUsable, result.Reason);
    }
}
