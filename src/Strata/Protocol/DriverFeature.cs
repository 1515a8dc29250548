namespace Strata.Protocol;

/// <summary>Features a client asks about with <see cref="RemoteProcedure.ConnectSupportsFeature"/> (<c>VIR_DRV_FEATURE_*</c>).</summary>
public enum DriverFeature
{
    /// <summary>V1 migration.</summary>
    MigrationV1 = 1,

    /// <summary>The driver is not local.</summary>
    Remote = 2,

    /// <summary>V2 migration.</summary>
    MigrationV2 = 3,

    /// <summary>Peer-to-peer migration.</summary>
    MigrationP2P = 4,

    /// <summary>Direct migration.</summary>
    MigrationDirect = 5,

    /// <summary>V3 migration.</summary>
    MigrationV3 = 6,

    /// <summary>Migration protected against configuration changes.</summary>
    MigrateChangeProtection = 7,

    /// <summary>File descriptor passing.</summary>
    FdPassing = 8,

    /// <summary>String typed parameters.</summary>
    TypedParamString = 9,

    /// <summary>The peer speaks the keepalive program; virsh asks before <c>connect_open</c>.</summary>
    ProgramKeepalive = 10,

    /// <summary>The XML_MIGRATABLE flag of get_xml_desc.</summary>
    XmlMigratable = 11,

    /// <summary>Offline migration.</summary>
    MigrationOffline = 12,

    /// <summary>Migration parameters.</summary>
    MigrationParams = 13,

    /// <summary>Events filtered on the server by callback id (the <c>*_callback_*</c> procedures); virsh asks after open.</summary>
    RemoteEventCallback = 14,

    /// <summary>The close-callback procedures; virsh asks after open.</summary>
    RemoteCloseCallback = 15,
}
