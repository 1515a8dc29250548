using Strata.Domains;

namespace Strata.Pools;

/// <summary>A disk of a running domain, which keeps the volume behind it (and its backing files) from being deleted.</summary>
public sealed record DiskInUse(string Domain, DiskDefinition Disk);

/// <summary>The disks of every running domain, as the driver that runs them sees them now.</summary>
public delegate Task<IReadOnlyList<DiskInUse>> ActiveDisksSource(CancellationToken cancellationToken);
