namespace Strata.Protocol;

/// <summary>
/// The flags of domain_set_memory_flags and domain_set_vcpus_flags above the modification impact (bits 0–1, see
/// <see cref="DomainModification"/>): libvirt's <c>VIR_DOMAIN_MEM_MAXIMUM</c>, <c>VIR_DOMAIN_VCPU_MAXIMUM</c>, ….
/// </summary>
public static class ModificationFlags
{
    /// <summary>The impact bits: live and config.</summary>
    public const uint Impact = 0x3;

    /// <summary>Change the maximum (memory or vCPUs), not the current amount.</summary>
    public const uint Maximum = 0x4;

    /// <summary><c>VIR_DOMAIN_VCPU_GUEST</c>: change the vCPUs the guest agent onlines.</summary>
    public const uint VcpuGuest = 0x8;

    /// <summary><c>VIR_DOMAIN_VCPU_HOTPLUGGABLE</c>: make added vCPUs hot-pluggable (Strata's always are).</summary>
    public const uint VcpuHotpluggable = 0x10;
}
