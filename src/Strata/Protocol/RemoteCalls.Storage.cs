namespace Strata.Protocol;

public static partial class RemoteCalls
{
    /// <summary><see cref="RemoteProcedure.ConnectNumOfStoragePools"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectNumOfStoragePools = new(RemoteProcedure.ConnectNumOfStoragePools);

    /// <summary><see cref="RemoteProcedure.ConnectListStoragePools"/>.</summary>
    public static readonly RemoteCall<IntValue, StringListValue> ConnectListStoragePools = new(RemoteProcedure.ConnectListStoragePools);

    /// <summary><see cref="RemoteProcedure.ConnectNumOfDefinedStoragePools"/>.</summary>
    public static readonly RemoteCall<XdrVoid, IntValue> ConnectNumOfDefinedStoragePools = new(RemoteProcedure.ConnectNumOfDefinedStoragePools);

    /// <summary><see cref="RemoteProcedure.ConnectListDefinedStoragePools"/>.</summary>
    public static readonly RemoteCall<IntValue, StringListValue> ConnectListDefinedStoragePools = new(RemoteProcedure.ConnectListDefinedStoragePools);

    /// <summary><see cref="RemoteProcedure.ConnectListAllStoragePools"/>.</summary>
    public static readonly RemoteCall<ConnectListAllStoragePoolsArgs, ConnectListAllStoragePoolsRet> ConnectListAllStoragePools = new(RemoteProcedure.ConnectListAllStoragePools);

    /// <summary><see cref="RemoteProcedure.StoragePoolLookupByName"/>.</summary>
    public static readonly RemoteCall<StringValue, StoragePoolValue> StoragePoolLookupByName = new(RemoteProcedure.StoragePoolLookupByName);

    /// <summary><see cref="RemoteProcedure.StoragePoolLookupByUuid"/>.</summary>
    public static readonly RemoteCall<UuidValue, StoragePoolValue> StoragePoolLookupByUuid = new(RemoteProcedure.StoragePoolLookupByUuid);

    /// <summary><see cref="RemoteProcedure.StoragePoolLookupByVolume"/>.</summary>
    public static readonly RemoteCall<StorageVolValue, StoragePoolValue> StoragePoolLookupByVolume = new(RemoteProcedure.StoragePoolLookupByVolume);

    /// <summary><see cref="RemoteProcedure.StoragePoolCreateXml"/>.</summary>
    public static readonly RemoteCall<StringFlagsArgs, StoragePoolValue> StoragePoolCreateXml = new(RemoteProcedure.StoragePoolCreateXml);

    /// <summary><see cref="RemoteProcedure.StoragePoolDefineXml"/>.</summary>
    public static readonly RemoteCall<StringFlagsArgs, StoragePoolValue> StoragePoolDefineXml = new(RemoteProcedure.StoragePoolDefineXml);

    /// <summary><see cref="RemoteProcedure.StoragePoolCreate"/>.</summary>
    public static readonly RemoteCall<StoragePoolFlagsArgs, XdrVoid> StoragePoolCreate = new(RemoteProcedure.StoragePoolCreate);

    /// <summary><see cref="RemoteProcedure.StoragePoolBuild"/>.</summary>
    public static readonly RemoteCall<StoragePoolFlagsArgs, XdrVoid> StoragePoolBuild = new(RemoteProcedure.StoragePoolBuild);

    /// <summary><see cref="RemoteProcedure.StoragePoolDestroy"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, XdrVoid> StoragePoolDestroy = new(RemoteProcedure.StoragePoolDestroy);

    /// <summary><see cref="RemoteProcedure.StoragePoolDelete"/>.</summary>
    public static readonly RemoteCall<StoragePoolFlagsArgs, XdrVoid> StoragePoolDelete = new(RemoteProcedure.StoragePoolDelete);

    /// <summary><see cref="RemoteProcedure.StoragePoolUndefine"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, XdrVoid> StoragePoolUndefine = new(RemoteProcedure.StoragePoolUndefine);

    /// <summary><see cref="RemoteProcedure.StoragePoolRefresh"/>.</summary>
    public static readonly RemoteCall<StoragePoolFlagsArgs, XdrVoid> StoragePoolRefresh = new(RemoteProcedure.StoragePoolRefresh);

    /// <summary><see cref="RemoteProcedure.StoragePoolGetInfo"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, StoragePoolGetInfoRet> StoragePoolGetInfo = new(RemoteProcedure.StoragePoolGetInfo);

    /// <summary><see cref="RemoteProcedure.StoragePoolGetXmlDesc"/>.</summary>
    public static readonly RemoteCall<StoragePoolFlagsArgs, StringValue> StoragePoolGetXmlDesc = new(RemoteProcedure.StoragePoolGetXmlDesc);

    /// <summary><see cref="RemoteProcedure.StoragePoolGetAutostart"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, IntValue> StoragePoolGetAutostart = new(RemoteProcedure.StoragePoolGetAutostart);

    /// <summary><see cref="RemoteProcedure.StoragePoolSetAutostart"/>.</summary>
    public static readonly RemoteCall<StoragePoolSetAutostartArgs, XdrVoid> StoragePoolSetAutostart = new(RemoteProcedure.StoragePoolSetAutostart);

    /// <summary><see cref="RemoteProcedure.StoragePoolIsActive"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, IntValue> StoragePoolIsActive = new(RemoteProcedure.StoragePoolIsActive);

    /// <summary><see cref="RemoteProcedure.StoragePoolIsPersistent"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, IntValue> StoragePoolIsPersistent = new(RemoteProcedure.StoragePoolIsPersistent);

    /// <summary><see cref="RemoteProcedure.StoragePoolNumOfVolumes"/>.</summary>
    public static readonly RemoteCall<StoragePoolValue, IntValue> StoragePoolNumOfVolumes = new(RemoteProcedure.StoragePoolNumOfVolumes);

    /// <summary><see cref="RemoteProcedure.StoragePoolListVolumes"/>.</summary>
    public static readonly RemoteCall<StoragePoolListVolumesArgs, StringListValue> StoragePoolListVolumes = new(RemoteProcedure.StoragePoolListVolumes);

    /// <summary><see cref="RemoteProcedure.StoragePoolListAllVolumes"/>.</summary>
    public static readonly RemoteCall<StoragePoolListAllVolumesArgs, StoragePoolListAllVolumesRet> StoragePoolListAllVolumes = new(RemoteProcedure.StoragePoolListAllVolumes);

    /// <summary><see cref="RemoteProcedure.StorageVolLookupByName"/>.</summary>
    public static readonly RemoteCall<StorageVolLookupByNameArgs, StorageVolValue> StorageVolLookupByName = new(RemoteProcedure.StorageVolLookupByName);

    /// <summary><see cref="RemoteProcedure.StorageVolLookupByKey"/>.</summary>
    public static readonly RemoteCall<StringValue, StorageVolValue> StorageVolLookupByKey = new(RemoteProcedure.StorageVolLookupByKey);

    /// <summary><see cref="RemoteProcedure.StorageVolLookupByPath"/>.</summary>
    public static readonly RemoteCall<StringValue, StorageVolValue> StorageVolLookupByPath = new(RemoteProcedure.StorageVolLookupByPath);

    /// <summary><see cref="RemoteProcedure.StorageVolCreateXml"/>.</summary>
    public static readonly RemoteCall<StorageVolCreateXmlArgs, StorageVolValue> StorageVolCreateXml = new(RemoteProcedure.StorageVolCreateXml);

    /// <summary><see cref="RemoteProcedure.StorageVolCreateXmlFrom"/>.</summary>
    public static readonly RemoteCall<StorageVolCreateXmlFromArgs, StorageVolValue> StorageVolCreateXmlFrom = new(RemoteProcedure.StorageVolCreateXmlFrom);

    /// <summary><see cref="RemoteProcedure.StorageVolDelete"/>.</summary>
    public static readonly RemoteCall<StorageVolFlagsArgs, XdrVoid> StorageVolDelete = new(RemoteProcedure.StorageVolDelete);

    /// <summary><see cref="RemoteProcedure.StorageVolWipe"/>.</summary>
    public static readonly RemoteCall<StorageVolFlagsArgs, XdrVoid> StorageVolWipe = new(RemoteProcedure.StorageVolWipe);

    /// <summary><see cref="RemoteProcedure.StorageVolWipePattern"/>.</summary>
    public static readonly RemoteCall<StorageVolWipePatternArgs, XdrVoid> StorageVolWipePattern = new(RemoteProcedure.StorageVolWipePattern);

    /// <summary><see cref="RemoteProcedure.StorageVolGetInfo"/>.</summary>
    public static readonly RemoteCall<StorageVolValue, StorageVolGetInfoRet> StorageVolGetInfo = new(RemoteProcedure.StorageVolGetInfo);

    /// <summary><see cref="RemoteProcedure.StorageVolGetInfoFlags"/>.</summary>
    public static readonly RemoteCall<StorageVolFlagsArgs, StorageVolGetInfoRet> StorageVolGetInfoFlags = new(RemoteProcedure.StorageVolGetInfoFlags);

    /// <summary><see cref="RemoteProcedure.StorageVolGetXmlDesc"/>.</summary>
    public static readonly RemoteCall<StorageVolFlagsArgs, StringValue> StorageVolGetXmlDesc = new(RemoteProcedure.StorageVolGetXmlDesc);

    /// <summary><see cref="RemoteProcedure.StorageVolGetPath"/>.</summary>
    public static readonly RemoteCall<StorageVolValue, StringValue> StorageVolGetPath = new(RemoteProcedure.StorageVolGetPath);

    /// <summary><see cref="RemoteProcedure.StorageVolResize"/>.</summary>
    public static readonly RemoteCall<StorageVolResizeArgs, XdrVoid> StorageVolResize = new(RemoteProcedure.StorageVolResize);

    /// <summary><see cref="RemoteProcedure.StorageVolUpload"/>: an empty reply, then the bytes as a stream from the client</summary>
    public static readonly RemoteCall<StorageVolTransferArgs, XdrVoid> StorageVolUpload = new(RemoteProcedure.StorageVolUpload);

    /// <summary><see cref="RemoteProcedure.StorageVolDownload"/>: an empty reply, then the bytes as a stream from the server</summary>
    public static readonly RemoteCall<StorageVolTransferArgs, XdrVoid> StorageVolDownload = new(RemoteProcedure.StorageVolDownload);

    /// <summary>The storage entries of <see cref="Find"/>.</summary>
    private static IRemoteCall? FindStorage(RemoteProcedure procedure) => procedure switch
    {
        RemoteProcedure.ConnectNumOfStoragePools => ConnectNumOfStoragePools,
        RemoteProcedure.ConnectListStoragePools => ConnectListStoragePools,
        RemoteProcedure.ConnectNumOfDefinedStoragePools => ConnectNumOfDefinedStoragePools,
        RemoteProcedure.ConnectListDefinedStoragePools => ConnectListDefinedStoragePools,
        RemoteProcedure.ConnectListAllStoragePools => ConnectListAllStoragePools,
        RemoteProcedure.StoragePoolLookupByName => StoragePoolLookupByName,
        RemoteProcedure.StoragePoolLookupByUuid => StoragePoolLookupByUuid,
        RemoteProcedure.StoragePoolLookupByVolume => StoragePoolLookupByVolume,
        RemoteProcedure.StoragePoolCreateXml => StoragePoolCreateXml,
        RemoteProcedure.StoragePoolDefineXml => StoragePoolDefineXml,
        RemoteProcedure.StoragePoolCreate => StoragePoolCreate,
        RemoteProcedure.StoragePoolBuild => StoragePoolBuild,
        RemoteProcedure.StoragePoolDestroy => StoragePoolDestroy,
        RemoteProcedure.StoragePoolDelete => StoragePoolDelete,
        RemoteProcedure.StoragePoolUndefine => StoragePoolUndefine,
        RemoteProcedure.StoragePoolRefresh => StoragePoolRefresh,
        RemoteProcedure.StoragePoolGetInfo => StoragePoolGetInfo,
        RemoteProcedure.StoragePoolGetXmlDesc => StoragePoolGetXmlDesc,
        RemoteProcedure.StoragePoolGetAutostart => StoragePoolGetAutostart,
        RemoteProcedure.StoragePoolSetAutostart => StoragePoolSetAutostart,
        RemoteProcedure.StoragePoolIsActive => StoragePoolIsActive,
        RemoteProcedure.StoragePoolIsPersistent => StoragePoolIsPersistent,
        RemoteProcedure.StoragePoolNumOfVolumes => StoragePoolNumOfVolumes,
        RemoteProcedure.StoragePoolListVolumes => StoragePoolListVolumes,
        RemoteProcedure.StoragePoolListAllVolumes => StoragePoolListAllVolumes,
        RemoteProcedure.StorageVolLookupByName => StorageVolLookupByName,
        RemoteProcedure.StorageVolLookupByKey => StorageVolLookupByKey,
        RemoteProcedure.StorageVolLookupByPath => StorageVolLookupByPath,
        RemoteProcedure.StorageVolCreateXml => StorageVolCreateXml,
        RemoteProcedure.StorageVolCreateXmlFrom => StorageVolCreateXmlFrom,
        RemoteProcedure.StorageVolDelete => StorageVolDelete,
        RemoteProcedure.StorageVolWipe => StorageVolWipe,
        RemoteProcedure.StorageVolWipePattern => StorageVolWipePattern,
        RemoteProcedure.StorageVolGetInfo => StorageVolGetInfo,
        RemoteProcedure.StorageVolGetInfoFlags => StorageVolGetInfoFlags,
        RemoteProcedure.StorageVolGetXmlDesc => StorageVolGetXmlDesc,
        RemoteProcedure.StorageVolGetPath => StorageVolGetPath,
        RemoteProcedure.StorageVolResize => StorageVolResize,
        RemoteProcedure.StorageVolUpload => StorageVolUpload,
        RemoteProcedure.StorageVolDownload => StorageVolDownload,
        _ => null,
    };
}
