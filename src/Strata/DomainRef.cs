namespace Strata;

/// <summary>A domain's identity as libvirt passes it around: name, UUID, and id (-1 while inactive).</summary>
public sealed record DomainRef(string Name, Guid Uuid, int Id)
{
    public const int InactiveId = -1;
    public bool HasId => Id != InactiveId;
}

/// <summary>One row of a domain listing: identity plus what <c>list</c> shows and filters on.</summary>
public sealed record DomainSummary(DomainRef Domain, DomainStatus Status, bool Persistent, bool Autostart);

/// <summary>What <c>dominfo</c> reports (virDomainInfo).</summary>
public sealed record DomainInfo(DomainStatus Status, ulong MaxMemoryKiB, ulong MemoryKiB, int Vcpus, ulong CpuTimeNs);

/// <summary>Which domains a listing includes (virConnectListAllDomainsFlags, the subset Strata uses).</summary>
[Flags]
public enum DomainListFilter
{
    All = 0,
    Active = 1,
    Inactive = 2,
    Persistent = 4,
    Transient = 8,
}

/// <summary>The host facts <c>nodeinfo</c> prints (virNodeInfo).</summary>
public sealed record NodeInfo(string CpuModel, ulong MemoryKiB, int Cpus, int MhZ, int Nodes, int Sockets, int CoresPerSocket, int ThreadsPerCore);

/// <summary>A lifecycle event (virDomainEventType and its detail), as <c>event --all</c> reports it.</summary>
public sealed record DomainEvent(DomainRef Domain, DomainEventType Type, int Detail);

/// <summary>libvirt's lifecycle event types, with the same numbers.</summary>
public enum DomainEventType { Defined, Undefined, Started, Suspended, Resumed, Stopped, Shutdown, PMSuspended, Crashed }
