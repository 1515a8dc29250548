namespace Strata.Protocol;

/// <summary>
/// Procedure numbers of the remote program (<c>remote_procedure</c> in remote_protocol.x): every call Debian's
/// virsh and libvirt-python make for Strata's commands, and the events they listen to. Numbers never change.
/// </summary>
public enum RemoteProcedure
{
    /// <summary><c>REMOTE_PROC_CONNECT_OPEN</c>.</summary>
    ConnectOpen = 1,

    /// <summary><c>REMOTE_PROC_CONNECT_CLOSE</c>.</summary>
    ConnectClose = 2,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_TYPE</c>.</summary>
    ConnectGetType = 3,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_VERSION</c>.</summary>
    ConnectGetVersion = 4,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_MAX_VCPUS</c>.</summary>
    ConnectGetMaxVcpus = 5,

    /// <summary><c>REMOTE_PROC_NODE_GET_INFO</c>.</summary>
    NodeGetInfo = 6,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_CAPABILITIES</c>.</summary>
    ConnectGetCapabilities = 7,

    /// <summary><c>REMOTE_PROC_DOMAIN_ATTACH_DEVICE</c>.</summary>
    DomainAttachDevice = 8,

    /// <summary><c>REMOTE_PROC_DOMAIN_CREATE</c>.</summary>
    DomainCreate = 9,

    /// <summary><c>REMOTE_PROC_DOMAIN_CREATE_XML</c>.</summary>
    DomainCreateXml = 10,

    /// <summary><c>REMOTE_PROC_DOMAIN_DEFINE_XML</c>.</summary>
    DomainDefineXml = 11,

    /// <summary><c>REMOTE_PROC_DOMAIN_DESTROY</c>.</summary>
    DomainDestroy = 12,

    /// <summary><c>REMOTE_PROC_DOMAIN_DETACH_DEVICE</c>.</summary>
    DomainDetachDevice = 13,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_XML_DESC</c>.</summary>
    DomainGetXmlDesc = 14,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_AUTOSTART</c>.</summary>
    DomainGetAutostart = 15,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_INFO</c>.</summary>
    DomainGetInfo = 16,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_MAX_MEMORY</c>.</summary>
    DomainGetMaxMemory = 17,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_MAX_VCPUS</c>.</summary>
    DomainGetMaxVcpus = 18,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_OS_TYPE</c>.</summary>
    DomainGetOsType = 19,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_VCPUS</c>.</summary>
    DomainGetVcpus = 20,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS</c>.</summary>
    ConnectListDefinedDomains = 21,

    /// <summary><c>REMOTE_PROC_DOMAIN_LOOKUP_BY_ID</c>.</summary>
    DomainLookupById = 22,

    /// <summary><c>REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME</c>.</summary>
    DomainLookupByName = 23,

    /// <summary><c>REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID</c>.</summary>
    DomainLookupByUuid = 24,

    /// <summary><c>REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS</c>.</summary>
    ConnectNumOfDefinedDomains = 25,

    /// <summary><c>REMOTE_PROC_DOMAIN_REBOOT</c>.</summary>
    DomainReboot = 27,

    /// <summary><c>REMOTE_PROC_DOMAIN_RESUME</c>.</summary>
    DomainResume = 28,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_AUTOSTART</c>.</summary>
    DomainSetAutostart = 29,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_MAX_MEMORY</c>.</summary>
    DomainSetMaxMemory = 30,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_MEMORY</c>.</summary>
    DomainSetMemory = 31,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_VCPUS</c>.</summary>
    DomainSetVcpus = 32,

    /// <summary><c>REMOTE_PROC_DOMAIN_SHUTDOWN</c>.</summary>
    DomainShutdown = 33,

    /// <summary><c>REMOTE_PROC_DOMAIN_SUSPEND</c>.</summary>
    DomainSuspend = 34,

    /// <summary><c>REMOTE_PROC_DOMAIN_UNDEFINE</c>.</summary>
    DomainUndefine = 35,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_DOMAINS</c>.</summary>
    ConnectListDomains = 37,

    /// <summary><c>REMOTE_PROC_CONNECT_NUM_OF_DOMAINS</c>.</summary>
    ConnectNumOfDomains = 51,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_HOSTNAME</c>.</summary>
    ConnectGetHostname = 59,

    /// <summary><c>REMOTE_PROC_CONNECT_SUPPORTS_FEATURE</c>.</summary>
    ConnectSupportsFeature = 60,

    /// <summary><c>REMOTE_PROC_DOMAIN_BLOCK_STATS</c>.</summary>
    DomainBlockStats = 64,

    /// <summary><c>REMOTE_PROC_DOMAIN_INTERFACE_STATS</c>.</summary>
    DomainInterfaceStats = 65,

    /// <summary><c>REMOTE_PROC_AUTH_LIST</c>.</summary>
    AuthList = 66,

    /// <summary><c>REMOTE_PROC_AUTH_SASL_INIT</c>.</summary>
    AuthSaslInit = 67,

    /// <summary><c>REMOTE_PROC_AUTH_SASL_START</c>.</summary>
    AuthSaslStart = 68,

    /// <summary><c>REMOTE_PROC_AUTH_SASL_STEP</c>.</summary>
    AuthSaslStep = 69,

    /// <summary><c>REMOTE_PROC_AUTH_POLKIT</c>.</summary>
    AuthPolkit = 70,

    /// <summary><c>REMOTE_PROC_CONNECT_NUM_OF_STORAGE_POOLS</c>.</summary>
    ConnectNumOfStoragePools = 71,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_STORAGE_POOLS</c>.</summary>
    ConnectListStoragePools = 72,

    /// <summary><c>REMOTE_PROC_CONNECT_NUM_OF_DEFINED_STORAGE_POOLS</c>.</summary>
    ConnectNumOfDefinedStoragePools = 73,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_DEFINED_STORAGE_POOLS</c>.</summary>
    ConnectListDefinedStoragePools = 74,

    /// <summary><c>REMOTE_PROC_CONNECT_FIND_STORAGE_POOL_SOURCES</c>.</summary>
    ConnectFindStoragePoolSources = 75,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_CREATE_XML</c>.</summary>
    StoragePoolCreateXml = 76,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_DEFINE_XML</c>.</summary>
    StoragePoolDefineXml = 77,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_CREATE</c>.</summary>
    StoragePoolCreate = 78,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_BUILD</c>.</summary>
    StoragePoolBuild = 79,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_DESTROY</c>.</summary>
    StoragePoolDestroy = 80,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_DELETE</c>.</summary>
    StoragePoolDelete = 81,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_UNDEFINE</c>.</summary>
    StoragePoolUndefine = 82,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_REFRESH</c>.</summary>
    StoragePoolRefresh = 83,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_NAME</c>.</summary>
    StoragePoolLookupByName = 84,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_UUID</c>.</summary>
    StoragePoolLookupByUuid = 85,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_VOLUME</c>.</summary>
    StoragePoolLookupByVolume = 86,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_GET_INFO</c>.</summary>
    StoragePoolGetInfo = 87,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_GET_XML_DESC</c>.</summary>
    StoragePoolGetXmlDesc = 88,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_GET_AUTOSTART</c>.</summary>
    StoragePoolGetAutostart = 89,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_SET_AUTOSTART</c>.</summary>
    StoragePoolSetAutostart = 90,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_NUM_OF_VOLUMES</c>.</summary>
    StoragePoolNumOfVolumes = 91,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_LIST_VOLUMES</c>.</summary>
    StoragePoolListVolumes = 92,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_CREATE_XML</c>.</summary>
    StorageVolCreateXml = 93,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_DELETE</c>.</summary>
    StorageVolDelete = 94,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_NAME</c>.</summary>
    StorageVolLookupByName = 95,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_KEY</c>.</summary>
    StorageVolLookupByKey = 96,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_PATH</c>.</summary>
    StorageVolLookupByPath = 97,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_GET_INFO</c>.</summary>
    StorageVolGetInfo = 98,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_GET_XML_DESC</c>.</summary>
    StorageVolGetXmlDesc = 99,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_GET_PATH</c>.</summary>
    StorageVolGetPath = 100,

    /// <summary><c>REMOTE_PROC_NODE_GET_CELLS_FREE_MEMORY</c>.</summary>
    NodeGetCellsFreeMemory = 101,

    /// <summary><c>REMOTE_PROC_NODE_GET_FREE_MEMORY</c>.</summary>
    NodeGetFreeMemory = 102,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER</c>.</summary>
    ConnectDomainEventRegister = 105,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER</c>.</summary>
    ConnectDomainEventDeregister = 106,

    /// <summary><c>REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE</c>.</summary>
    DomainEventLifecycle = 107,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_URI</c>.</summary>
    ConnectGetUri = 110,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL</c>.</summary>
    DomainGetSecurityLabel = 121,

    /// <summary><c>REMOTE_PROC_NODE_GET_SECURITY_MODEL</c>.</summary>
    NodeGetSecurityModel = 122,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_CREATE_XML_FROM</c>.</summary>
    StorageVolCreateXmlFrom = 125,

    /// <summary><c>REMOTE_PROC_CONNECT_IS_SECURE</c>.</summary>
    ConnectIsSecure = 149,

    /// <summary><c>REMOTE_PROC_DOMAIN_IS_ACTIVE</c>.</summary>
    DomainIsActive = 150,

    /// <summary><c>REMOTE_PROC_DOMAIN_IS_PERSISTENT</c>.</summary>
    DomainIsPersistent = 151,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_IS_ACTIVE</c>.</summary>
    StoragePoolIsActive = 154,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_IS_PERSISTENT</c>.</summary>
    StoragePoolIsPersistent = 155,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_LIB_VERSION</c>.</summary>
    ConnectGetLibVersion = 157,

    /// <summary><c>REMOTE_PROC_DOMAIN_MEMORY_STATS</c>.</summary>
    DomainMemoryStats = 159,

    /// <summary><c>REMOTE_PROC_DOMAIN_ATTACH_DEVICE_FLAGS</c>.</summary>
    DomainAttachDeviceFlags = 160,

    /// <summary><c>REMOTE_PROC_DOMAIN_DETACH_DEVICE_FLAGS</c>.</summary>
    DomainDetachDeviceFlags = 161,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_JOB_INFO</c>.</summary>
    DomainGetJobInfo = 163,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_WIPE</c>.</summary>
    StorageVolWipe = 165,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY</c>.</summary>
    ConnectDomainEventRegisterAny = 167,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY</c>.</summary>
    ConnectDomainEventDeregisterAny = 168,

    /// <summary><c>REMOTE_PROC_DOMAIN_EVENT_REBOOT</c>.</summary>
    DomainEventReboot = 169,

    /// <summary><c>REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE</c>.</summary>
    DomainHasManagedSaveImage = 183,

    /// <summary><c>REMOTE_PROC_DOMAIN_SNAPSHOT_NUM</c>.</summary>
    DomainSnapshotNum = 187,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_BLOCK_INFO</c>.</summary>
    DomainGetBlockInfo = 194,

    /// <summary><c>REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS</c>.</summary>
    DomainCreateWithFlags = 196,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_VCPUS_FLAGS</c>.</summary>
    DomainSetVcpusFlags = 199,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS</c>.</summary>
    DomainGetVcpusFlags = 200,

    /// <summary><c>REMOTE_PROC_DOMAIN_OPEN_CONSOLE</c>.</summary>
    DomainOpenConsole = 201,

    /// <summary><c>REMOTE_PROC_DOMAIN_IS_UPDATED</c>.</summary>
    DomainIsUpdated = 202,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_SYSINFO</c>.</summary>
    ConnectGetSysinfo = 203,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_MEMORY_FLAGS</c>.</summary>
    DomainSetMemoryFlags = 204,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_UPLOAD</c>.</summary>
    StorageVolUpload = 208,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_DOWNLOAD</c>.</summary>
    StorageVolDownload = 209,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_STATE</c>.</summary>
    DomainGetState = 212,

    /// <summary><c>REMOTE_PROC_NODE_GET_CPU_STATS</c>.</summary>
    NodeGetCpuStats = 227,

    /// <summary><c>REMOTE_PROC_NODE_GET_MEMORY_STATS</c>.</summary>
    NodeGetMemoryStats = 228,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_CONTROL_INFO</c>.</summary>
    DomainGetControlInfo = 229,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_VCPU_PIN_INFO</c>.</summary>
    DomainGetVcpuPinInfo = 230,

    /// <summary><c>REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS</c>.</summary>
    DomainUndefineFlags = 231,

    /// <summary><c>REMOTE_PROC_DOMAIN_DESTROY_FLAGS</c>.</summary>
    DomainDestroyFlags = 234,

    /// <summary><c>REMOTE_PROC_DOMAIN_BLOCK_STATS_FLAGS</c>.</summary>
    DomainBlockStatsFlags = 243,

    /// <summary><c>REMOTE_PROC_DOMAIN_RESET</c>.</summary>
    DomainReset = 245,

    /// <summary><c>REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS</c>.</summary>
    DomainShutdownFlags = 258,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_WIPE_PATTERN</c>.</summary>
    StorageVolWipePattern = 259,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_RESIZE</c>.</summary>
    StorageVolResize = 260,

    /// <summary><c>REMOTE_PROC_DOMAIN_SET_METADATA</c>.</summary>
    DomainSetMetadata = 264,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_METADATA</c>.</summary>
    DomainGetMetadata = 265,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS</c>.</summary>
    ConnectListAllDomains = 273,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL_LIST</c>.</summary>
    DomainGetSecurityLabelList = 278,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_ALL_STORAGE_POOLS</c>.</summary>
    ConnectListAllStoragePools = 281,

    /// <summary><c>REMOTE_PROC_STORAGE_POOL_LIST_ALL_VOLUMES</c>.</summary>
    StoragePoolListAllVolumes = 282,

    /// <summary><c>REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS</c>.</summary>
    ConnectListAllNetworks = 283,

    /// <summary><c>REMOTE_PROC_NODE_GET_CPU_MAP</c>.</summary>
    NodeGetCpuMap = 293,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_JOB_STATS</c>.</summary>
    DomainGetJobStats = 298,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY</c>.</summary>
    ConnectDomainEventCallbackRegisterAny = 316,

    /// <summary><c>REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY</c>.</summary>
    ConnectDomainEventCallbackDeregisterAny = 317,

    /// <summary><c>REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE</c>.</summary>
    DomainEventCallbackLifecycle = 318,

    /// <summary><c>REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT</c>.</summary>
    DomainEventCallbackReboot = 319,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES</c>.</summary>
    ConnectGetDomainCapabilities = 342,

    /// <summary><c>REMOTE_PROC_CONNECT_GET_ALL_DOMAIN_STATS</c>.</summary>
    ConnectGetAllDomainStats = 344,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_CPU_STATS</c>.</summary>
    DomainGetCpuStats = 262,

    /// <summary><c>REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS</c>.</summary>
    DomainDefineXmlFlags = 350,

    /// <summary><c>REMOTE_PROC_DOMAIN_INTERFACE_ADDRESSES</c>.</summary>
    DomainInterfaceAddresses = 353,

    /// <summary><c>REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK</c>.</summary>
    ConnectRegisterCloseCallback = 360,

    /// <summary><c>REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK</c>.</summary>
    ConnectUnregisterCloseCallback = 361,

    /// <summary><c>REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED</c>.</summary>
    ConnectEventConnectionClosed = 362,

    /// <summary><c>REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY</c>.</summary>
    ConnectStoragePoolEventRegisterAny = 368,

    /// <summary><c>REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY</c>.</summary>
    ConnectStoragePoolEventDeregisterAny = 369,

    /// <summary><c>REMOTE_PROC_STORAGE_VOL_GET_INFO_FLAGS</c>.</summary>
    StorageVolGetInfoFlags = 378,

    /// <summary><c>REMOTE_PROC_DOMAIN_GET_MESSAGES</c>.</summary>
    DomainGetMessages = 426,
}
