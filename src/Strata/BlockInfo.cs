namespace Strata;

/// <summary>
/// A disk's sizes as <c>virsh domblkinfo</c> shows them (libvirt's <c>virDomainBlockInfo</c>), in bytes: what the
/// guest sees, what the image occupies on its filesystem, and the image file's length.
/// </summary>
public sealed record BlockInfo(ulong Capacity, ulong Allocation, ulong Physical);
