using Strata.Domains;

namespace Strata.Drivers.Qemu;

/// <summary>A status file, with its live definition parsed while the domain is active.</summary>
internal sealed record StatusFile(DomainStatusRecord Record, DomainDefinition? Live);
