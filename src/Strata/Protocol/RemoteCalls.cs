namespace Strata.Protocol;

/// <summary>
/// The argument and result structs of every remote procedure Strata speaks, as remote_protocol.x declares them
/// (<c>remote_PROC_args</c> / <c>remote_PROC_ret</c>; <see cref="XdrVoid"/> where it declares none). The client driver
/// builds calls from these and the daemon dispatches on them, so both sides share one table.
/// </summary>
public static partial class RemoteCalls
{
    /// <summary><see cref="RemoteProcedure.ConnectOpen"/>.</summary>
    public static readonly RemoteCall<ConnectOpenArgs, XdrVoid> ConnectOpen = new(RemoteProcedure.ConnectOpen);

    /// <summary><see cref="RemoteProcedure.ConnectClose"/>.</summary>
    public static readonly RemoteCall<XdrVoid, XdrVoid> ConnectClose = new(RemoteProcedure.ConnectClose);

    /// <summary><see cref="RemoteProcedure.ConnectGetType"/>.</summary>
    public static readonly RemoteCall<XdrVoid, StringValue> ConnectGetType = new(RemoteProcedure.ConnectGetType);

    /// <summary><see cref="RemoteProcedure.ConnectGetVersion"/>.</summary>
    public static readonly RemoteCall<XdrVoid, UInt64Value> ConnectGetVersion = new(RemoteProcedure.ConnectGetVersion);

    /// <summary><see cref="RemoteProcedure.ConnectGetLibVersion"/>.</summary>
    public static readonly RemoteCall<XdrVoid, UInt64Value> ConnectGetLibVersion = new(RemoteProcedure.ConnectGetLibVersion);

    /// <summary><see cref="RemoteProcedure.ConnectGetHostname"/>.</summary>
    public static readonly RemoteCall<XdrVoid, StringValue> ConnectGetHostname = new(RemoteProcedure.ConnectGetHostname);

    /// <summary><see cref="RemoteProcedure.ConnectGetUri"/>.</summary>
    public static readonly RemoteCall<XdrVoid, StringValue> ConnectGetUri = new(RemoteProcedure.ConnectGetUri);

    /// <summary><see cref="RemoteProcedure.ConnectGetSysinfo"/>.</summary>
    public static readonly RemoteCall<FlagsValue, StringValue> ConnectGetSysinfo = new(RemoteProcedure.ConnectGetSysinfo);

    /// <summary><see cref="RemoteProcedure.ConnectGetCapabilities"/>.</summary>
    public static readonly RemoteCall<XdrVoid, StringValue> ConnectGetCapabilities = new(RemoteProcedure.ConnectGetCapabilities);

    /// <summary><see cref="RemoteProcedure.ConnectGetDomainCapabilities"/>.</summary>
    public static readonly RemoteCall<ConnectGetDomainCapabilitiesArgs, StringValue> ConnectGetDomainCapabilities = new(RemoteProcedure.ConnectGetDomainCapabilities);

    /// <summary><see cref="RemoteProcedure.ConnectSupportsFeature"/>.</summary>
    public static readonly RemoteCall<IntValue, IntValue> ConnectSupportsFeature = new(RemoteProcedure.ConnectSupportsFeature);

    /// <summary><see cref="RemoteProcedure.ConnectIsSecure"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectIsSecure = new(RemoteProcedure.ConnectIsSecure);

    /// <summary><see cref="RemoteProcedure.ConnectRegisterCloseCallback"/>.</summary>
    public static readonly RemoteCall<XdrVoid, XdrVoid> ConnectRegisterCloseCallback = new(RemoteProcedure.ConnectRegisterCloseCallback);

    /// <summary><see cref="RemoteProcedure.ConnectUnregisterCloseCallback"/>.</summary>
    public static readonly RemoteCall<XdrVoid, XdrVoid> ConnectUnregisterCloseCallback = new(RemoteProcedure.ConnectUnregisterCloseCallback);

    /// <summary><see cref="RemoteProcedure.AuthList"/>.</summary>
    public static readonly RemoteCall<XdrVoid, AuthListRet> AuthList = new(RemoteProcedure.AuthList);

    /// <summary><see cref="RemoteProcedure.NodeGetInfo"/>.</summary>
    public static readonly RemoteCall<XdrVoid, NodeGetInfoRet> NodeGetInfo = new(RemoteProcedure.NodeGetInfo);

    /// <summary><see cref="RemoteProcedure.NodeGetCpuMap"/>.</summary>
    public static readonly RemoteCall<NodeGetCpuMapArgs, NodeGetCpuMapRet> NodeGetCpuMap = new(RemoteProcedure.NodeGetCpuMap);

    /// <summary><see cref="RemoteProcedure.NodeGetFreeMemory"/>.</summary>
    public static readonly RemoteCall<XdrVoid, UInt64Value> NodeGetFreeMemory = new(RemoteProcedure.NodeGetFreeMemory);

    /// <summary><see cref="RemoteProcedure.NodeGetCellsFreeMemory"/>.</summary>
    public static readonly RemoteCall<NodeGetCellsFreeMemoryArgs, NodeGetCellsFreeMemoryRet> NodeGetCellsFreeMemory = new(RemoteProcedure.NodeGetCellsFreeMemory);

    /// <summary><see cref="RemoteProcedure.NodeGetCpuStats"/>.</summary>
    public static readonly RemoteCall<NodeGetCpuStatsArgs, NodeGetStatsRet> NodeGetCpuStats = new(RemoteProcedure.NodeGetCpuStats);

    /// <summary><see cref="RemoteProcedure.NodeGetMemoryStats"/>.</summary>
    public static readonly RemoteCall<NodeGetMemoryStatsArgs, NodeGetStatsRet> NodeGetMemoryStats = new(RemoteProcedure.NodeGetMemoryStats);

    /// <summary><see cref="RemoteProcedure.NodeGetSecurityModel"/>.</summary>
    public static readonly RemoteCall<XdrVoid, NodeGetSecurityModelRet> NodeGetSecurityModel = new(RemoteProcedure.NodeGetSecurityModel);

    /// <summary><see cref="RemoteProcedure.ConnectListAllDomains"/>.</summary>
    public static readonly RemoteCall<ConnectListAllDomainsArgs, ConnectListAllDomainsRet> ConnectListAllDomains = new(RemoteProcedure.ConnectListAllDomains);

    /// <summary><see cref="RemoteProcedure.ConnectNumOfDomains"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectNumOfDomains = new(RemoteProcedure.ConnectNumOfDomains);

    /// <summary><see cref="RemoteProcedure.ConnectNumOfDefinedDomains"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectNumOfDefinedDomains = new(RemoteProcedure.ConnectNumOfDefinedDomains);

    /// <summary><see cref="RemoteProcedure.ConnectListDomains"/>.</summary>
    public static readonly RemoteCall<IntValue, ConnectListDomainsRet> ConnectListDomains = new(RemoteProcedure.ConnectListDomains);

    /// <summary><see cref="RemoteProcedure.ConnectListDefinedDomains"/>.</summary>
    public static readonly RemoteCall<IntValue, StringListValue> ConnectListDefinedDomains = new(RemoteProcedure.ConnectListDefinedDomains);

    /// <summary><see cref="RemoteProcedure.DomainLookupByName"/>.</summary>
    public static readonly RemoteCall<StringValue, DomainValue> DomainLookupByName = new(RemoteProcedure.DomainLookupByName);

    /// <summary><see cref="RemoteProcedure.DomainLookupByUuid"/>.</summary>
    public static readonly RemoteCall<UuidValue, DomainValue> DomainLookupByUuid = new(RemoteProcedure.DomainLookupByUuid);

    /// <summary><see cref="RemoteProcedure.DomainLookupById"/>.</summary>
    public static readonly RemoteCall<IntValue, DomainValue> DomainLookupById = new(RemoteProcedure.DomainLookupById);

    /// <summary><see cref="RemoteProcedure.DomainDefineXml"/>.</summary>
    public static readonly RemoteCall<StringValue, DomainValue> DomainDefineXml = new(RemoteProcedure.DomainDefineXml);

    /// <summary><see cref="RemoteProcedure.DomainDefineXmlFlags"/>.</summary>
    public static readonly RemoteCall<StringFlagsArgs, DomainValue> DomainDefineXmlFlags = new(RemoteProcedure.DomainDefineXmlFlags);

    /// <summary><see cref="RemoteProcedure.DomainCreateXml"/>.</summary>
    public static readonly RemoteCall<StringFlagsArgs, DomainValue> DomainCreateXml = new(RemoteProcedure.DomainCreateXml);

    /// <summary><see cref="RemoteProcedure.DomainCreate"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainCreate = new(RemoteProcedure.DomainCreate);

    /// <summary><see cref="RemoteProcedure.DomainCreateWithFlags"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, DomainValue> DomainCreateWithFlags = new(RemoteProcedure.DomainCreateWithFlags);

    /// <summary><see cref="RemoteProcedure.DomainUndefine"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainUndefine = new(RemoteProcedure.DomainUndefine);

    /// <summary><see cref="RemoteProcedure.DomainUndefineFlags"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, XdrVoid> DomainUndefineFlags = new(RemoteProcedure.DomainUndefineFlags);

    /// <summary><see cref="RemoteProcedure.DomainShutdown"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainShutdown = new(RemoteProcedure.DomainShutdown);

    /// <summary><see cref="RemoteProcedure.DomainShutdownFlags"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, XdrVoid> DomainShutdownFlags = new(RemoteProcedure.DomainShutdownFlags);

    /// <summary><see cref="RemoteProcedure.DomainDestroy"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainDestroy = new(RemoteProcedure.DomainDestroy);

    /// <summary><see cref="RemoteProcedure.DomainDestroyFlags"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, XdrVoid> DomainDestroyFlags = new(RemoteProcedure.DomainDestroyFlags);

    /// <summary><see cref="RemoteProcedure.DomainReboot"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, XdrVoid> DomainReboot = new(RemoteProcedure.DomainReboot);

    /// <summary><see cref="RemoteProcedure.DomainReset"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, XdrVoid> DomainReset = new(RemoteProcedure.DomainReset);

    /// <summary><see cref="RemoteProcedure.DomainSuspend"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainSuspend = new(RemoteProcedure.DomainSuspend);

    /// <summary><see cref="RemoteProcedure.DomainResume"/>.</summary>
    public static readonly RemoteCall<DomainValue, XdrVoid> DomainResume = new(RemoteProcedure.DomainResume);

    /// <summary><see cref="RemoteProcedure.DomainGetInfo"/>.</summary>
    public static readonly RemoteCall<DomainValue, DomainGetInfoRet> DomainGetInfo = new(RemoteProcedure.DomainGetInfo);

    /// <summary><see cref="RemoteProcedure.DomainGetState"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, DomainGetStateRet> DomainGetState = new(RemoteProcedure.DomainGetState);

    /// <summary><see cref="RemoteProcedure.DomainOpenConsole"/>: an empty reply, then the console as a stream.</summary>
    public static readonly RemoteCall<DomainOpenConsoleArgs, XdrVoid> DomainOpenConsole = new(RemoteProcedure.DomainOpenConsole);

    /// <summary><see cref="RemoteProcedure.DomainGetXmlDesc"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, StringValue> DomainGetXmlDesc = new(RemoteProcedure.DomainGetXmlDesc);

    /// <summary><see cref="RemoteProcedure.DomainGetAutostart"/>.</summary>
    public static readonly RemoteCall<DomainValue, IntValue> DomainGetAutostart = new(RemoteProcedure.DomainGetAutostart);

    /// <summary><see cref="RemoteProcedure.DomainSetAutostart"/>.</summary>
    public static readonly RemoteCall<DomainSetAutostartArgs, XdrVoid> DomainSetAutostart = new(RemoteProcedure.DomainSetAutostart);

    /// <summary><see cref="RemoteProcedure.DomainGetOsType"/>.</summary>
    public static readonly RemoteCall<DomainValue, StringValue> DomainGetOsType = new(RemoteProcedure.DomainGetOsType);

    /// <summary><see cref="RemoteProcedure.DomainGetMaxMemory"/>.</summary>
    public static readonly RemoteCall<DomainValue, UInt64Value> DomainGetMaxMemory = new(RemoteProcedure.DomainGetMaxMemory);

    /// <summary><see cref="RemoteProcedure.DomainGetMaxVcpus"/>.</summary>
    public static readonly RemoteCall<DomainValue, IntValue> DomainGetMaxVcpus = new(RemoteProcedure.DomainGetMaxVcpus);

    /// <summary><see cref="RemoteProcedure.DomainAttachDevice"/>.</summary>
    public static readonly RemoteCall<DomainDeviceArgs, XdrVoid> DomainAttachDevice = new(RemoteProcedure.DomainAttachDevice);

    /// <summary><see cref="RemoteProcedure.DomainAttachDeviceFlags"/>.</summary>
    public static readonly RemoteCall<DomainDeviceFlagsArgs, XdrVoid> DomainAttachDeviceFlags = new(RemoteProcedure.DomainAttachDeviceFlags);

    /// <summary><see cref="RemoteProcedure.DomainDetachDevice"/>.</summary>
    public static readonly RemoteCall<DomainDeviceArgs, XdrVoid> DomainDetachDevice = new(RemoteProcedure.DomainDetachDevice);

    /// <summary><see cref="RemoteProcedure.DomainDetachDeviceFlags"/>.</summary>
    public static readonly RemoteCall<DomainDeviceFlagsArgs, XdrVoid> DomainDetachDeviceFlags = new(RemoteProcedure.DomainDetachDeviceFlags);

    /// <summary><see cref="RemoteProcedure.DomainSetMemory"/>.</summary>
    public static readonly RemoteCall<DomainMemoryArgs, XdrVoid> DomainSetMemory = new(RemoteProcedure.DomainSetMemory);

    /// <summary><see cref="RemoteProcedure.DomainSetMaxMemory"/>.</summary>
    public static readonly RemoteCall<DomainMemoryArgs, XdrVoid> DomainSetMaxMemory = new(RemoteProcedure.DomainSetMaxMemory);

    /// <summary><see cref="RemoteProcedure.DomainSetMemoryFlags"/>.</summary>
    public static readonly RemoteCall<DomainMemoryFlagsArgs, XdrVoid> DomainSetMemoryFlags = new(RemoteProcedure.DomainSetMemoryFlags);

    /// <summary><see cref="RemoteProcedure.DomainSetVcpus"/>.</summary>
    public static readonly RemoteCall<DomainVcpusArgs, XdrVoid> DomainSetVcpus = new(RemoteProcedure.DomainSetVcpus);

    /// <summary><see cref="RemoteProcedure.DomainSetVcpusFlags"/>.</summary>
    public static readonly RemoteCall<DomainVcpusFlagsArgs, XdrVoid> DomainSetVcpusFlags = new(RemoteProcedure.DomainSetVcpusFlags);

    /// <summary><see cref="RemoteProcedure.DomainGetVcpusFlags"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, IntValue> DomainGetVcpusFlags = new(RemoteProcedure.DomainGetVcpusFlags);

    /// <summary><see cref="RemoteProcedure.ConnectGetAllDomainStats"/> (also <c>virDomainListGetStats</c>).</summary>
    public static readonly RemoteCall<ConnectGetAllDomainStatsArgs, ConnectGetAllDomainStatsRet> ConnectGetAllDomainStats = new(RemoteProcedure.ConnectGetAllDomainStats);

    /// <summary><see cref="RemoteProcedure.DomainGetVcpus"/>.</summary>
    public static readonly RemoteCall<DomainGetVcpusArgs, DomainGetVcpusRet> DomainGetVcpus = new(RemoteProcedure.DomainGetVcpus);

    /// <summary><see cref="RemoteProcedure.DomainGetVcpuPinInfo"/>.</summary>
    public static readonly RemoteCall<DomainGetVcpuPinInfoArgs, DomainGetVcpuPinInfoRet> DomainGetVcpuPinInfo = new(RemoteProcedure.DomainGetVcpuPinInfo);

    /// <summary><see cref="RemoteProcedure.DomainGetBlockInfo"/>.</summary>
    public static readonly RemoteCall<DomainGetBlockInfoArgs, DomainGetBlockInfoRet> DomainGetBlockInfo = new(RemoteProcedure.DomainGetBlockInfo);

    /// <summary><see cref="RemoteProcedure.DomainBlockStats"/>.</summary>
    public static readonly RemoteCall<DomainBlockStatsArgs, DomainBlockStatsRet> DomainBlockStats = new(RemoteProcedure.DomainBlockStats);

    /// <summary><see cref="RemoteProcedure.DomainInterfaceStats"/>: the args are a domain and a device, as domain_block_stats.</summary>
    public static readonly RemoteCall<DomainBlockStatsArgs, DomainInterfaceStatsRet> DomainInterfaceStats = new(RemoteProcedure.DomainInterfaceStats);

    /// <summary><see cref="RemoteProcedure.DomainGetCpuStats"/>.</summary>
    public static readonly RemoteCall<DomainGetCpuStatsArgs, DomainGetCpuStatsRet> DomainGetCpuStats = new(RemoteProcedure.DomainGetCpuStats);

    /// <summary><see cref="RemoteProcedure.DomainInterfaceAddresses"/>.</summary>
    public static readonly RemoteCall<DomainInterfaceAddressesArgs, DomainInterfaceAddressesRet> DomainInterfaceAddresses = new(RemoteProcedure.DomainInterfaceAddresses);

    /// <summary><see cref="RemoteProcedure.DomainGetJobInfo"/>.</summary>
    public static readonly RemoteCall<DomainValue, DomainGetJobInfoRet> DomainGetJobInfo = new(RemoteProcedure.DomainGetJobInfo);

    /// <summary><see cref="RemoteProcedure.DomainBlockStatsFlags"/>.</summary>
    public static readonly RemoteCall<DomainBlockStatsFlagsArgs, DomainBlockStatsFlagsRet> DomainBlockStatsFlags = new(RemoteProcedure.DomainBlockStatsFlags);

    /// <summary><see cref="RemoteProcedure.DomainGetJobStats"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, DomainGetJobStatsRet> DomainGetJobStats = new(RemoteProcedure.DomainGetJobStats);

    /// <summary><see cref="RemoteProcedure.DomainGetControlInfo"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, DomainGetControlInfoRet> DomainGetControlInfo = new(RemoteProcedure.DomainGetControlInfo);

    /// <summary><see cref="RemoteProcedure.DomainMemoryStats"/>.</summary>
    public static readonly RemoteCall<DomainMemoryStatsArgs, DomainMemoryStatsRet> DomainMemoryStats = new(RemoteProcedure.DomainMemoryStats);

    /// <summary><see cref="RemoteProcedure.DomainIsActive"/>.</summary>
    public static readonly RemoteCall<DomainValue, IntValue> DomainIsActive = new(RemoteProcedure.DomainIsActive);

    /// <summary><see cref="RemoteProcedure.DomainIsPersistent"/>.</summary>
    public static readonly RemoteCall<DomainValue, IntValue> DomainIsPersistent = new(RemoteProcedure.DomainIsPersistent);

    /// <summary><see cref="RemoteProcedure.DomainIsUpdated"/>.</summary>
    public static readonly RemoteCall<DomainValue, IntValue> DomainIsUpdated = new(RemoteProcedure.DomainIsUpdated);

    /// <summary><see cref="RemoteProcedure.DomainHasManagedSaveImage"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, IntValue> DomainHasManagedSaveImage = new(RemoteProcedure.DomainHasManagedSaveImage);

    /// <summary><see cref="RemoteProcedure.DomainSnapshotNum"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, IntValue> DomainSnapshotNum = new(RemoteProcedure.DomainSnapshotNum);

    /// <summary><see cref="RemoteProcedure.DomainGetSecurityLabel"/>.</summary>
    public static readonly RemoteCall<DomainValue, DomainGetSecurityLabelRet> DomainGetSecurityLabel = new(RemoteProcedure.DomainGetSecurityLabel);

    /// <summary><see cref="RemoteProcedure.DomainGetSecurityLabelList"/>.</summary>
    public static readonly RemoteCall<DomainValue, DomainGetSecurityLabelListRet> DomainGetSecurityLabelList = new(RemoteProcedure.DomainGetSecurityLabelList);

    /// <summary><see cref="RemoteProcedure.DomainGetMessages"/>.</summary>
    public static readonly RemoteCall<DomainFlagsArgs, StringListValue> DomainGetMessages = new(RemoteProcedure.DomainGetMessages);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventRegister"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectDomainEventRegister = new(RemoteProcedure.ConnectDomainEventRegister);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventDeregister"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectDomainEventDeregister = new(RemoteProcedure.ConnectDomainEventDeregister);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventRegisterAny"/>.</summary>
    public static readonly RemoteCall<IntValue, XdrVoid> ConnectDomainEventRegisterAny = new(RemoteProcedure.ConnectDomainEventRegisterAny);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventDeregisterAny"/>.</summary>
    public static readonly RemoteCall<IntValue, XdrVoid> ConnectDomainEventDeregisterAny = new(RemoteProcedure.ConnectDomainEventDeregisterAny);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventCallbackRegisterAny"/>.</summary>
    public static readonly RemoteCall<DomainEventCallbackRegisterAnyArgs, IntValue> ConnectDomainEventCallbackRegisterAny = new(RemoteProcedure.ConnectDomainEventCallbackRegisterAny);

    /// <summary><see cref="RemoteProcedure.ConnectDomainEventCallbackDeregisterAny"/>.</summary>
    public static readonly RemoteCall<IntValue, XdrVoid> ConnectDomainEventCallbackDeregisterAny = new(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny);

    /// <summary>The table entry for <paramref name="procedure"/>, or null when Strata has no structs for it.</summary>
    public static IRemoteCall? Find(int procedure) => (RemoteProcedure)procedure switch
    {
        RemoteProcedure.ConnectOpen => ConnectOpen,
        RemoteProcedure.ConnectClose => ConnectClose,
        RemoteProcedure.ConnectGetType => ConnectGetType,
        RemoteProcedure.ConnectGetVersion => ConnectGetVersion,
        RemoteProcedure.ConnectGetLibVersion => ConnectGetLibVersion,
        RemoteProcedure.ConnectGetHostname => ConnectGetHostname,
        RemoteProcedure.ConnectGetUri => ConnectGetUri,
        RemoteProcedure.ConnectGetSysinfo => ConnectGetSysinfo,
        RemoteProcedure.ConnectGetCapabilities => ConnectGetCapabilities,
        RemoteProcedure.ConnectGetDomainCapabilities => ConnectGetDomainCapabilities,
        RemoteProcedure.ConnectSupportsFeature => ConnectSupportsFeature,
        RemoteProcedure.ConnectIsSecure => ConnectIsSecure,
        RemoteProcedure.ConnectRegisterCloseCallback => ConnectRegisterCloseCallback,
        RemoteProcedure.ConnectUnregisterCloseCallback => ConnectUnregisterCloseCallback,
        RemoteProcedure.AuthList => AuthList,
        RemoteProcedure.NodeGetInfo => NodeGetInfo,
        RemoteProcedure.NodeGetFreeMemory => NodeGetFreeMemory,
        RemoteProcedure.NodeGetCellsFreeMemory => NodeGetCellsFreeMemory,
        RemoteProcedure.NodeGetCpuStats => NodeGetCpuStats,
        RemoteProcedure.NodeGetMemoryStats => NodeGetMemoryStats,
        RemoteProcedure.NodeGetCpuMap => NodeGetCpuMap,
        RemoteProcedure.NodeGetSecurityModel => NodeGetSecurityModel,
        RemoteProcedure.ConnectListAllDomains => ConnectListAllDomains,
        RemoteProcedure.ConnectNumOfDomains => ConnectNumOfDomains,
        RemoteProcedure.ConnectNumOfDefinedDomains => ConnectNumOfDefinedDomains,
        RemoteProcedure.ConnectListDomains => ConnectListDomains,
        RemoteProcedure.ConnectListDefinedDomains => ConnectListDefinedDomains,
        RemoteProcedure.DomainLookupByName => DomainLookupByName,
        RemoteProcedure.DomainLookupByUuid => DomainLookupByUuid,
        RemoteProcedure.DomainLookupById => DomainLookupById,
        RemoteProcedure.DomainDefineXml => DomainDefineXml,
        RemoteProcedure.DomainDefineXmlFlags => DomainDefineXmlFlags,
        RemoteProcedure.DomainCreateXml => DomainCreateXml,
        RemoteProcedure.DomainCreate => DomainCreate,
        RemoteProcedure.DomainCreateWithFlags => DomainCreateWithFlags,
        RemoteProcedure.DomainUndefine => DomainUndefine,
        RemoteProcedure.DomainUndefineFlags => DomainUndefineFlags,
        RemoteProcedure.DomainShutdown => DomainShutdown,
        RemoteProcedure.DomainShutdownFlags => DomainShutdownFlags,
        RemoteProcedure.DomainDestroy => DomainDestroy,
        RemoteProcedure.DomainDestroyFlags => DomainDestroyFlags,
        RemoteProcedure.DomainReboot => DomainReboot,
        RemoteProcedure.DomainReset => DomainReset,
        RemoteProcedure.DomainSuspend => DomainSuspend,
        RemoteProcedure.DomainResume => DomainResume,
        RemoteProcedure.DomainGetInfo => DomainGetInfo,
        RemoteProcedure.DomainGetState => DomainGetState,
        RemoteProcedure.DomainGetXmlDesc => DomainGetXmlDesc,
        RemoteProcedure.DomainOpenConsole => DomainOpenConsole,
        RemoteProcedure.DomainGetAutostart => DomainGetAutostart,
        RemoteProcedure.DomainSetAutostart => DomainSetAutostart,
        RemoteProcedure.DomainGetOsType => DomainGetOsType,
        RemoteProcedure.DomainGetMaxMemory => DomainGetMaxMemory,
        RemoteProcedure.DomainGetMaxVcpus => DomainGetMaxVcpus,
        RemoteProcedure.DomainAttachDevice => DomainAttachDevice,
        RemoteProcedure.DomainAttachDeviceFlags => DomainAttachDeviceFlags,
        RemoteProcedure.DomainDetachDevice => DomainDetachDevice,
        RemoteProcedure.DomainDetachDeviceFlags => DomainDetachDeviceFlags,
        RemoteProcedure.DomainSetMemory => DomainSetMemory,
        RemoteProcedure.DomainSetMaxMemory => DomainSetMaxMemory,
        RemoteProcedure.DomainSetMemoryFlags => DomainSetMemoryFlags,
        RemoteProcedure.DomainSetVcpus => DomainSetVcpus,
        RemoteProcedure.DomainSetVcpusFlags => DomainSetVcpusFlags,
        RemoteProcedure.DomainGetVcpusFlags => DomainGetVcpusFlags,
        RemoteProcedure.ConnectGetAllDomainStats => ConnectGetAllDomainStats,
        RemoteProcedure.DomainMemoryStats => DomainMemoryStats,
        RemoteProcedure.DomainGetBlockInfo => DomainGetBlockInfo,
        RemoteProcedure.DomainBlockStatsFlags => DomainBlockStatsFlags,
        RemoteProcedure.DomainBlockStats => DomainBlockStats,
        RemoteProcedure.DomainInterfaceStats => DomainInterfaceStats,
        RemoteProcedure.DomainInterfaceAddresses => DomainInterfaceAddresses,
        RemoteProcedure.DomainGetCpuStats => DomainGetCpuStats,
        RemoteProcedure.DomainGetJobInfo => DomainGetJobInfo,
        RemoteProcedure.DomainGetJobStats => DomainGetJobStats,
        RemoteProcedure.DomainGetControlInfo => DomainGetControlInfo,
        RemoteProcedure.DomainGetVcpus => DomainGetVcpus,
        RemoteProcedure.DomainGetVcpuPinInfo => DomainGetVcpuPinInfo,
        RemoteProcedure.DomainIsActive => DomainIsActive,
        RemoteProcedure.DomainIsPersistent => DomainIsPersistent,
        RemoteProcedure.DomainIsUpdated => DomainIsUpdated,
        RemoteProcedure.DomainHasManagedSaveImage => DomainHasManagedSaveImage,
        RemoteProcedure.DomainSnapshotNum => DomainSnapshotNum,
        RemoteProcedure.DomainGetSecurityLabel => DomainGetSecurityLabel,
        RemoteProcedure.DomainGetSecurityLabelList => DomainGetSecurityLabelList,
        RemoteProcedure.DomainGetMessages => DomainGetMessages,
        RemoteProcedure.ConnectDomainEventRegister => ConnectDomainEventRegister,
        RemoteProcedure.ConnectDomainEventDeregister => ConnectDomainEventDeregister,
        RemoteProcedure.ConnectDomainEventRegisterAny => ConnectDomainEventRegisterAny,
        RemoteProcedure.ConnectDomainEventDeregisterAny => ConnectDomainEventDeregisterAny,
        RemoteProcedure.ConnectDomainEventCallbackRegisterAny => ConnectDomainEventCallbackRegisterAny,
        RemoteProcedure.ConnectDomainEventCallbackDeregisterAny => ConnectDomainEventCallbackDeregisterAny,
        var other => FindStorage(other),
    };
}
