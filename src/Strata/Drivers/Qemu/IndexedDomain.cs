using Strata.Domains;

namespace Strata.Drivers.Qemu;

/// <summary>One domain's files as the index last read them: its definition, its status file, its autostart marker.</summary>
internal sealed record IndexedDomain(string Name, Loaded<DomainDefinition>? Definition, Loaded<StatusFile>? Status, bool Autostart);
