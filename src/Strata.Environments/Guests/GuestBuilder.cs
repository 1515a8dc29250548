using Strata.Environments.Boxes;

namespace Strata.Environments.Guests;

/// <summary>Turns a box and a machine's spec into the machine's disks and its libvirt domain XML.</summary>
public static class GuestBuilder
{
    /// <summary>
    /// Creates the machine's disks in its folder: a qcow2 overlay on the box image, plus a seed when the box needs
    /// one. An overlay that already exists is kept (it holds the machine's changes).
    /// </summary>
    public static Task<GuestDisks> CreateDisksAsync(Box box, GuestSpec spec, CancellationToken cancellationToken) =>
        throw new NotImplementedException($"{box.Name} {spec.DomainName}");

    /// <summary>The machine's libvirt domain XML (TCG or KVM as the host allows, user networking with the spec's ports).</summary>
    public static string DomainXml(Box box, GuestSpec spec, GuestDisks disks) =>
        throw new NotImplementedException($"{box.Name} {spec.DomainName} {disks.Root}");
}
