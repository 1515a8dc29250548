namespace Strata.Protocol;

/// <summary>Filters of <see cref="RemoteProcedure.ConnectListAllDomains"/> (<c>virConnectListAllDomainsFlags</c>); none means all.</summary>
[Flags]
public enum ListAllDomainsFlags : uint
{
    /// <summary>No filter.</summary>
    None = 0,

    /// <summary>Running or paused domains.</summary>
    Active = 1 << 0,

    /// <summary>Defined domains that are not running.</summary>
    Inactive = 1 << 1,

    /// <summary>Domains with a persistent definition.</summary>
    Persistent = 1 << 2,

    /// <summary>Domains without one.</summary>
    Transient = 1 << 3,

    /// <summary>Domains in the running state.</summary>
    Running = 1 << 4,

    /// <summary>Paused domains.</summary>
    Paused = 1 << 5,

    /// <summary>Shut off domains.</summary>
    Shutoff = 1 << 6,

    /// <summary>Domains in any other state.</summary>
    Other = 1 << 7,

    /// <summary>Domains with a managed save image.</summary>
    ManagedSave = 1 << 8,

    /// <summary>Domains without one.</summary>
    NoManagedSave = 1 << 9,

    /// <summary>Domains that start with the host.</summary>
    Autostart = 1 << 10,

    /// <summary>Domains that do not.</summary>
    NoAutostart = 1 << 11,

    /// <summary>Domains with snapshots.</summary>
    HasSnapshot = 1 << 12,

    /// <summary>Domains without snapshots.</summary>
    NoSnapshot = 1 << 13,

    /// <summary>Domains with checkpoints.</summary>
    HasCheckpoint = 1 << 14,

    /// <summary>Domains without checkpoints.</summary>
    NoCheckpoint = 1 << 15,
}
