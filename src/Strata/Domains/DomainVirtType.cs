namespace Strata.Domains;

/// <summary>The domain's virtualization type (<c>&lt;domain type='…'&gt;</c>).</summary>
public enum DomainVirtType
{
    /// <summary>Plain QEMU emulation (TCG).</summary>
    Qemu,

    /// <summary>QEMU with KVM acceleration.</summary>
    Kvm,
}
