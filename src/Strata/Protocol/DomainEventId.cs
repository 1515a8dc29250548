namespace Strata.Protocol;

/// <summary>
/// Event kinds a client registers for with <see cref="RemoteProcedure.ConnectDomainEventCallbackRegisterAny"/>
/// (<c>virDomainEventID</c>); <c>virsh event --all</c> registers every one from 0 to 26.
/// </summary>
public enum DomainEventId
{
    /// <summary>Started, stopped, suspended … (<c>VIR_DOMAIN_EVENT_ID_LIFECYCLE</c>).</summary>
    Lifecycle = 0,

    /// <summary>The guest rebooted.</summary>
    Reboot = 1,

    /// <summary>The guest changed its RTC.</summary>
    RtcChange = 2,

    /// <summary>A watchdog fired.</summary>
    Watchdog = 3,

    /// <summary>A disk I/O error.</summary>
    IoError = 4,

    /// <summary>A graphics client connected or left.</summary>
    Graphics = 5,

    /// <summary>A disk I/O error with a reason.</summary>
    IoErrorReason = 6,

    /// <summary>The connection to the hypervisor failed.</summary>
    ControlError = 7,

    /// <summary>A block job finished.</summary>
    BlockJob = 8,

    /// <summary>A disk's media changed.</summary>
    DiskChange = 9,

    /// <summary>A tray opened or closed.</summary>
    TrayChange = 10,

    /// <summary>The guest woke from power management suspend.</summary>
    PmWakeup = 11,

    /// <summary>The guest suspended to memory.</summary>
    PmSuspend = 12,

    /// <summary>The balloon changed size.</summary>
    BalloonChange = 13,

    /// <summary>The guest suspended to disk.</summary>
    PmSuspendDisk = 14,

    /// <summary>A device was removed.</summary>
    DeviceRemoved = 15,

    /// <summary>A block job finished (by target name).</summary>
    BlockJob2 = 16,

    /// <summary>A tunable changed.</summary>
    Tunable = 17,

    /// <summary>The guest agent connected or left.</summary>
    AgentLifecycle = 18,

    /// <summary>A device was added.</summary>
    DeviceAdded = 19,

    /// <summary>A migration iteration finished.</summary>
    MigrationIteration = 20,

    /// <summary>A job completed.</summary>
    JobCompleted = 21,

    /// <summary>Removing a device failed.</summary>
    DeviceRemovalFailed = 22,

    /// <summary>Domain metadata changed.</summary>
    MetadataChange = 23,

    /// <summary>A block threshold was crossed.</summary>
    BlockThreshold = 24,

    /// <summary>A memory failure was reported.</summary>
    MemoryFailure = 25,

    /// <summary>A memory device changed size.</summary>
    MemoryDeviceSizeChange = 26,
}
