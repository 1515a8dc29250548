namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>The QEMU accelerator a guest runs under.</summary>
public enum QemuAccelerator
{
    /// <summary>TCG: software emulation, always available.</summary>
    Tcg,

    /// <summary>KVM: hardware virtualization through /dev/kvm.</summary>
    Kvm,
}
