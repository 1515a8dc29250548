using Strata.Drivers.Qemu.Capabilities;
using Strata.Drivers.Qemu.Qmp;
using Strata.Host;

namespace Strata.Tests.Capabilities;

/// <summary>Fixed inputs for the XML formatters, shaped like this project's hosts.</summary>
internal static class CapabilitiesSamples
{
    public static QemuCapabilities Qemu(bool kvmBuiltIn = true) => new(
        "/usr/bin/qemu-system-x86_64",
        new QemuVersion(7, 2, 22, "Debian"),
        "x86_64",
        [
            new QemuMachineType("pc-q35-7.2", "q35", false, 288, false),
            new QemuMachineType("pc-i440fx-7.2", "pc", true, 255, false),
            new QemuMachineType("pc-i440fx-1.4", null, false, 255, true),
            new QemuMachineType("microvm", null, false, 288, false),
            new QemuMachineType("none", null, false, 1, false),
        ],
        [
            new QemuCpuModel("qemu64", true, false, "qemu64-v1"),
            new QemuCpuModel("qemu64-v1", true, false, null),
            new QemuCpuModel("Skylake-Client", false, false, "Skylake-Client-v1"),
            new QemuCpuModel("max", true, false, null),
            new QemuCpuModel("host", false, false, null),
            new QemuCpuModel("Icelake-Client", false, true, null),
        ],
        true,
        ["VGA", "ich9-ahci", "isa-serial", "pvpanic", "virtio-blk-pci", "virtio-net-pci", "virtio-rng-pci", "virtio-scsi-pci", "virtio-vga"],
        kvmBuiltIn ? ["kvm", "tcg"] : ["tcg"],
        kvmBuiltIn,
        DateTimeOffset.UnixEpoch);

    public static HostVirtualization Tcg { get; } = new(false,
        "/dev/kvm is present but the CPU has no vmx/svm flag and kvm_pvm (a software hypervisor) is loaded: hardware virtualization is not usable here, so guests run under TCG",
        true, true, null, true, null);

    public static HostVirtualization Kvm { get; } = new(true, "/dev/kvm is usable", true, true, "vmx", false, "kvm_intel");

    public static HostFacts Host { get; } = new(
        Guid.Parse("5a1e0000-0000-4000-8000-00000000cafe"),
        "vm",
        "x86_64",
        new NodeInfo("x86_64", 24_684_104, 2, 2299, 1, 1, 2, 1),
        "Intel", 6, 207, 2, "0x1",
        new TscFrequency(2_299_998, TscSource.KernelDetected),
        [4, 2048, 1048576],
        [new HostNumaCell(0, 23_685_324, [new(4, 5_921_331), new(2048, 0), new(1048576, 0)], [new(0, 10)],
            [new HostCpu(0, 0, 0, 0, 0, "0"), new HostCpu(1, 0, 0, 1, 0, "1")])],
        false);
}
