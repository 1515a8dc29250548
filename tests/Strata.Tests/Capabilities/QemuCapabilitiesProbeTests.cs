using System.Diagnostics;
using Strata.Drivers.Qemu.Capabilities;
using Xunit.Abstractions;

namespace Strata.Tests.Capabilities;

[Trait("Category", "Qemu")]
public class QemuCapabilitiesProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ProbingRealQemuFindsWhatStrataNeeds()
    {
        string emulator = EmulatorLocator.Find(null);
        var clock = Stopwatch.StartNew();
        var caps = await QemuCapabilitiesProbe.ProbeAsync(emulator);
        output.WriteLine($"probe of {caps.Version} took {clock.Elapsed.TotalMilliseconds:F0} ms: {caps.Machines.Count} machines, {caps.CpuModels.Count} CPU models, {caps.DeviceTypes.Count} device types");

        Assert.Equal("x86_64", caps.Arch);
        Assert.True(caps.Version.Major >= 6);
        Assert.Equal(emulator, caps.EmulatorPath);
        Assert.NotNull(caps.DefaultMachine);
        Assert.StartsWith("pc-i440fx-", caps.DefaultMachine.Name, StringComparison.Ordinal);
        Assert.Equal(caps.DefaultMachine, caps.FindMachine("pc"));
        Assert.StartsWith("pc-q35-", caps.FindMachine("q35")?.Name, StringComparison.Ordinal);
        Assert.NotNull(caps.FindMachine("microvm"));
        Assert.True(caps.FindMachine("pc")!.MaxCpus >= 255);
        Assert.True(caps.HasCpuModel("qemu64"));
        Assert.True(caps.HasCpuModel("max"));
        foreach (string device in new[] { "virtio-net-pci", "virtio-blk-pci", "virtio-scsi-pci", "virtio-rng-pci", "virtio-net-device", "virtio-blk-device", "isa-serial", "ich9-ahci", "pvpanic" })
            Assert.True(caps.HasDevice(device), device);
        Assert.False(caps.HasDevice("no-such-device"));
        Assert.Contains("tcg", caps.Accelerators);
    }

    [Fact]
    public async Task ABinaryThatIsNotQemuFailsWithItsOwnWords()
    {
        using var dir = new TempDir();
        string fake = dir.Script("qemu-system-x86_64", "echo 'qemu: unsupported machine' >&2; exit 1");
        var error = await Assert.ThrowsAsync<HypervisorException>(() => QemuCapabilitiesProbe.ProbeAsync(fake));
        Assert.Contains("qemu: unsupported machine", error.Message, StringComparison.Ordinal);
    }
}
