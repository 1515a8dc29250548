namespace Strata.Domains;

/// <summary>The <c>&lt;features&gt;</c> element (the supported subset).</summary>
public sealed record DomainFeatures
{
    /// <summary>ACPI tables; without it QEMU runs with <c>acpi=off</c>, as under libvirt.</summary>
    public bool Acpi { get; init; }

    /// <summary>The APIC feature flag (x86 guests always have an APIC under QEMU).</summary>
    public bool Apic { get; init; }

    /// <summary>The PAE feature flag (implied by x86_64).</summary>
    public bool Pae { get; init; }
}
