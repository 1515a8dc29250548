using Strata.Pools;
using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Storage pools and volumes: each procedure is one call on the client driver's <see cref="IStorageDriver"/>.</summary>
internal static class StorageProcedures
{
    // virConnectListAllStoragePoolsFlags: activity, persistence and autostart pairs, then one bit per pool type
    // from DIR up. Every Strata pool is a persistent directory pool.
    private const uint Inactive = 1 << 0, Active = 1 << 1, Persistent = 1 << 2, Transient = 1 << 3, Autostart = 1 << 4, NoAutostart = 1 << 5;
    private const uint DirType = 1 << 6, AnyType = 0x3FFF << 6;

    // VIR_STORAGE_POOL_CREATE_WITH_BUILD; the OVERWRITE pair of it and of pool_build mean nothing to a directory.
    private const uint CreateWithBuild = 1 << 0, CreateOverwriteEither = (1 << 1) | (1 << 2);
    private const uint BuildOverwriteEither = (1 << 2) | (1 << 3);

    // VIR_STORAGE_XML_INACTIVE, VIR_STORAGE_POOL_DEFINE_VALIDATE (Strata always validates), VIR_STORAGE_VOL_GET_PHYSICAL.
    private const uint XmlInactive = 1 << 0, DefineValidate = 1 << 0, GetPhysical = 1 << 0;

    private const uint None = 0;

    public static void Register(ProcedureTable table)
    {
        // As libvirtd's storage driver reports them ("Storage pool not found: …" from VIR_FROM_STORAGE).
        table.ReportingErrorsFrom(LibvirtErrors.DomainStorage, () =>
        {
            RegisterPools(table);
            RegisterVolumes(table);
        });

        // Known to libvirt, not to a Strata directory pool. Every other such call gets libvirt's "unsupported" error
        // from the table; this one also says what to do instead.
        table.AddUnsupported(RemoteProcedure.StoragePoolCreateXml, "virStoragePoolCreateXML (transient pools; use pool-define and pool-start)", Access.Write);
    }

    private static void RegisterPools(ProcedureTable table)
    {
        table.Add(RemoteCalls.ConnectListAllStoragePools, Access.Read, async (client, args, ct) =>
        {
            var pools = (await ListAsync(client, ct).ConfigureAwait(false)).Where(p => Matches(args.Flags, p.Info)).ToList();
            return new ConnectListAllStoragePoolsRet(args.NeedResults ? [.. pools.Select(p => RemoteStoragePool.From(p.Pool))] : [], (uint)pools.Count);
        });
        table.Add(RemoteCalls.ConnectNumOfStoragePools, Access.Read, async (client, _, ct) =>
            new IntValue((await NamesAsync(client, active: true, int.MaxValue, ct).ConfigureAwait(false)).Count));
        table.Add(RemoteCalls.ConnectListStoragePools, Access.Read, async (client, max, ct) =>
            new StringListValue(await NamesAsync(client, active: true, max.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.ConnectNumOfDefinedStoragePools, Access.Read, async (client, _, ct) =>
            new IntValue((await NamesAsync(client, active: false, int.MaxValue, ct).ConfigureAwait(false)).Count));
        table.Add(RemoteCalls.ConnectListDefinedStoragePools, Access.Read, async (client, max, ct) =>
            new StringListValue(await NamesAsync(client, active: false, max.Value, ct).ConfigureAwait(false)));

        table.Add(RemoteCalls.StoragePoolLookupByName, Access.Read, async (client, name, ct) =>
            Pool(await Storage(client).LookupPoolByNameAsync(name.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.StoragePoolLookupByUuid, Access.Read, async (client, uuid, ct) =>
            Pool(await Storage(client).LookupPoolByUuidAsync(uuid.Uuid, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.StoragePoolLookupByVolume, Access.Read, async (client, args, ct) =>
        {
            var storage = Storage(client);
            var volume = await storage.GetVolumeInfoAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false);
            return Pool(await storage.LookupPoolByNameAsync(volume.Volume.Pool, ct).ConfigureAwait(false));
        });

        table.Add(RemoteCalls.StoragePoolDefineXml, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, DefineValidate, "virStoragePoolDefineXML");
            return Pool(await Storage(client).DefinePoolAsync(args.Value, ct).ConfigureAwait(false));
        });
        table.Add(RemoteCalls.StoragePoolCreate, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, CreateWithBuild | CreateOverwriteEither, "virStoragePoolCreate");
            var storage = Storage(client);
            var pool = args.Pool.ToPoolRef();
            if ((args.Flags & CreateWithBuild) != 0)
                await storage.BuildPoolAsync(pool, ct).ConfigureAwait(false);
            await storage.StartPoolAsync(pool, ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });
        OnPool(table, RemoteCalls.StoragePoolBuild, BuildOverwriteEither, "virStoragePoolBuild", (s, pool, ct) => s.BuildPoolAsync(pool, ct));
        OnPool(table, RemoteCalls.StoragePoolDestroy, None, "virStoragePoolDestroy", (s, pool, ct) => s.DestroyPoolAsync(pool, ct));
        OnPool(table, RemoteCalls.StoragePoolUndefine, None, "virStoragePoolUndefine", (s, pool, ct) => s.UndefinePoolAsync(pool, ct));
        OnPool(table, RemoteCalls.StoragePoolRefresh, None, "virStoragePoolRefresh", (s, pool, ct) => s.RefreshPoolAsync(pool, ct));
        table.Add(RemoteCalls.StoragePoolSetAutostart, Access.Write, async (client, args, ct) =>
        {
            await Storage(client).SetPoolAutostartAsync(args.Pool.ToPoolRef(), args.Autostart, ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });

        table.Add(RemoteCalls.StoragePoolGetInfo, Access.Read, async (client, args, ct) =>
        {
            var info = await PoolInfoAsync(client, args, ct).ConfigureAwait(false);
            return new StoragePoolGetInfoRet(info.IsActive ? StoragePoolGetInfoRet.Running : StoragePoolGetInfoRet.Inactive, info.Capacity, info.Allocation, info.Available);
        });
        table.Add(RemoteCalls.StoragePoolGetXmlDesc, Access.Read, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, XmlInactive, "virStoragePoolGetXMLDesc");
            return new StringValue(await Storage(client).GetPoolXmlAsync(args.Pool.ToPoolRef(), (args.Flags & XmlInactive) != 0, ct).ConfigureAwait(false));
        });
        table.Add(RemoteCalls.StoragePoolGetAutostart, Access.Read, async (client, args, ct) =>
            Wire.Bool((await PoolInfoAsync(client, args, ct).ConfigureAwait(false)).Autostart));
        table.Add(RemoteCalls.StoragePoolIsActive, Access.Read, async (client, args, ct) =>
            Wire.Bool((await PoolInfoAsync(client, args, ct).ConfigureAwait(false)).IsActive));
        table.Add(RemoteCalls.StoragePoolIsPersistent, Access.Read, async (client, args, ct) =>
            Wire.Bool((await PoolInfoAsync(client, args, ct).ConfigureAwait(false)).Persistent));

        table.Add(RemoteCalls.StoragePoolNumOfVolumes, Access.Read, async (client, args, ct) =>
            new IntValue((await Storage(client).ListVolumesAsync(args.Pool.ToPoolRef(), ct).ConfigureAwait(false)).Count));
        table.Add(RemoteCalls.StoragePoolListVolumes, Access.Read, async (client, args, ct) =>
            new StringListValue([.. (await Storage(client).ListVolumesAsync(args.Pool.ToPoolRef(), ct).ConfigureAwait(false)).Take(args.MaxNames).Select(v => v.Volume.Name)]));
        table.Add(RemoteCalls.StoragePoolListAllVolumes, Access.Read, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, "virStoragePoolListAllVolumes");
            var volumes = await Storage(client).ListVolumesAsync(args.Pool.ToPoolRef(), ct).ConfigureAwait(false);
            return new StoragePoolListAllVolumesRet(args.NeedResults ? [.. volumes.Select(v => RemoteStorageVol.From(v.Volume))] : [], (uint)volumes.Count);
        });
    }

    private static void RegisterVolumes(ProcedureTable table)
    {
        table.Add(RemoteCalls.StorageVolLookupByName, Access.Read, async (client, args, ct) =>
            Volume(await Storage(client).LookupVolumeAsync(args.Pool.ToPoolRef(), args.Name, ct).ConfigureAwait(false)));
        // A file volume's key is its path.
        table.Add(RemoteCalls.StorageVolLookupByKey, Access.Read, async (client, key, ct) =>
            Volume(await LookupByKeyAsync(Storage(client), key.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.StorageVolLookupByPath, Access.Read, async (client, path, ct) =>
            Volume(await Storage(client).LookupVolumeByPathAsync(path.Value, ct).ConfigureAwait(false)));

        table.Add(RemoteCalls.StorageVolCreateXml, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, "virStorageVolCreateXML");
            return Volume(await Storage(client).CreateVolumeAsync(args.Pool.ToPoolRef(), args.Xml, ct).ConfigureAwait(false));
        });
        table.Add(RemoteCalls.StorageVolCreateXmlFrom, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, "virStorageVolCreateXMLFrom");
            var storage = Storage(client);
            var source = await storage.GetVolumeInfoAsync(args.CloneVol.ToVolumeRef(), ct).ConfigureAwait(false);
            var (name, format) = VolumeXml.ParseCopyTarget(args.Xml);
            // Strata copies a volume within its pool and keeps its format: anything else is refused, not ignored.
            if (args.Pool.Name != source.Volume.Pool)
                throw new StrataException(ErrorCode.ConfigUnsupported, $"unsupported configuration: copying volume '{source.Volume.Name}' into another pool ('{args.Pool.Name}') is not supported");
            if (format is { } wanted && wanted != source.Format)
                throw new StrataException(ErrorCode.ConfigUnsupported, $"unsupported configuration: copying a {VolumeXml.FormatName(source.Format)} volume into format '{VolumeXml.FormatName(wanted)}' is not supported");
            return Volume(await storage.CloneVolumeAsync(source.Volume, name, ct).ConfigureAwait(false));
        });
        OnVolume(table, RemoteCalls.StorageVolDelete, "virStorageVolDelete", (s, volume, ct) => s.DeleteVolumeAsync(volume, ct));
        OnVolume(table, RemoteCalls.StorageVolWipe, "virStorageVolWipe", (s, volume, ct) => s.WipeVolumeAsync(volume, ct));
        table.Add(RemoteCalls.StorageVolWipePattern, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, "virStorageVolWipePattern");
            if (args.Algorithm != StorageVolWipePatternArgs.Zero)
                throw new StrataException(ErrorCode.ConfigUnsupported, $"unsupported configuration: wiping algorithm {args.Algorithm} is not supported (only zero is)");
            await Storage(client).WipeVolumeAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });
        table.Add(RemoteCalls.StorageVolResize, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, StorageVolResizeArgs.Delta | StorageVolResizeArgs.Shrink, "virStorageVolResize");
            var storage = Storage(client);
            var volume = args.Vol.ToVolumeRef();
            bool shrink = (args.Flags & StorageVolResizeArgs.Shrink) != 0;
            ulong capacity = args.Capacity;
            if ((args.Flags & StorageVolResizeArgs.Delta) != 0)
            {
                // With DELTA the capacity is a change: subtracted when shrinking, as libvirt does.
                ulong current = (await storage.GetVolumeInfoAsync(volume, ct).ConfigureAwait(false)).Capacity;
                capacity = shrink
                    ? (current >= capacity ? current - capacity : throw new StrataException(ErrorCode.InvalidArg, "invalid argument: can't shrink capacity below 0"))
                    : checked(current + capacity);
            }
            await storage.ResizeVolumeAsync(volume, capacity, shrink, ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });

        table.Add(RemoteCalls.StorageVolGetInfo, Access.Read, async (client, args, ct) =>
            VolumeInfo(await Storage(client).GetVolumeInfoAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false), physical: false));
        table.Add(RemoteCalls.StorageVolGetInfoFlags, Access.Read, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, GetPhysical, "virStorageVolGetInfoFlags");
            return VolumeInfo(await Storage(client).GetVolumeInfoAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false), (args.Flags & GetPhysical) != 0);
        });
        table.Add(RemoteCalls.StorageVolGetXmlDesc, Access.Read, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, "virStorageVolGetXMLDesc");
            return new StringValue(await Storage(client).GetVolumeXmlAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false));
        });
        // vol-upload and vol-download: the bytes flow as a stream once the (empty) reply is out.
        table.AddThen(RemoteCalls.StorageVolUpload, Access.Write, (client, call, args, ct) =>
            OpenTransferAsync(client, call, args, VolumeStream.Upload, "virStorageVolUpload", ct));
        // Refused read-only, as libvirt refuses it: a volume's bytes may hold secrets its metadata does not.
        table.AddThen(RemoteCalls.StorageVolDownload, Access.Write, (client, call, args, ct) =>
            OpenTransferAsync(client, call, args, VolumeStream.Download, "virStorageVolDownload", ct));

        table.Add(RemoteCalls.StorageVolGetPath, Access.Read, async (client, args, ct) =>
            new StringValue((await Storage(client).GetVolumeInfoAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false)).Volume.Path));
    }

    /// <summary>
    /// Opens a volume transfer: the volume must exist (else the call itself fails); a length of 0 means to the end.
    /// Sparse transfers (holes in the stream) are refused.
    /// </summary>
    private static async ValueTask<Action> OpenTransferAsync(ClientSession client, MessageHeader call, StorageVolTransferArgs args,
        Func<ClientSession, MessageHeader, IStorageDriver, VolumeRef, ulong, ulong?, VolumeStream> open, string function, CancellationToken ct)
    {
        RequireFlags(args.Flags, None, function);
        var storage = Storage(client);
        var volume = (await storage.GetVolumeInfoAsync(args.Vol.ToVolumeRef(), ct).ConfigureAwait(false)).Volume;
        VolumeOffset.Seekable(volume.Path, args.Offset); // as libvirt: an offset no file has fails the call, before any stream
        var stream = open(client, call, storage, volume, args.Offset, args.Length == 0 ? null : args.Length);
        client.Streams[stream.Serial] = stream;
        return stream.Start;
    }

    /// <summary>The client driver's storage; a driver without any gets libvirt's "unsupported" error.</summary>
    private static IStorageDriver Storage(ClientSession client) => Wire.Driver(client).Storage
        ?? throw new StrataException(ErrorCode.NoSupport, "this function is not supported by the connection driver: storage pools and volumes");

    private static Task<IReadOnlyList<PoolSummary>> ListAsync(ClientSession client, CancellationToken ct) => Storage(client).ListPoolsAsync(ct);

    private static async Task<List<string>> NamesAsync(ClientSession client, bool active, int max, CancellationToken ct) =>
        [.. (await ListAsync(client, ct).ConfigureAwait(false)).Where(p => p.Info.IsActive == active).Take(max).Select(p => p.Pool.Name)];

    private static Task<PoolInfo> PoolInfoAsync(ClientSession client, StoragePoolValue args, CancellationToken ct) =>
        Storage(client).GetPoolInfoAsync(args.Pool.ToPoolRef(), ct);

    private static bool Matches(uint flags, PoolInfo info)
    {
        static bool Pair(uint flags, uint yes, uint no, bool value) =>
            (flags & (yes | no)) is var both && (both == 0 || both == (yes | no) || value == ((both & yes) != 0));
        return Pair(flags, Active, Inactive, info.IsActive)
            && Pair(flags, Persistent, Transient, info.Persistent)
            && Pair(flags, Autostart, NoAutostart, info.Autostart)
            && ((flags & AnyType) == 0 || (flags & DirType) != 0);
    }

    /// <summary>A volume the client named by key: the key of a file volume is its path.</summary>
    private static async Task<VolumeRef> LookupByKeyAsync(IStorageDriver storage, string key, CancellationToken ct)
    {
        try
        {
            return await storage.LookupVolumeByPathAsync(key, ct).ConfigureAwait(false);
        }
        catch (VolumeNotFoundException)
        {
            throw new VolumeNotFoundException($"no storage vol with matching key {key}");
        }
    }

    private static StorageVolGetInfoRet VolumeInfo(VolumeInfo info, bool physical) =>
        new(StorageVolGetInfoRet.File, info.Capacity, physical ? info.Physical ?? info.Allocation : info.Allocation);

    private static StoragePoolValue Pool(PoolRef pool) => new(RemoteStoragePool.From(pool));

    private static StorageVolValue Volume(VolumeRef volume) => new(RemoteStorageVol.From(volume));

    /// <summary>As libvirt's virCheckFlags: a flag the call does not know is an error, not silently dropped.</summary>
    private static void RequireFlags(uint flags, uint known, string function)
    {
        if ((flags & ~known) != 0)
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: unsupported flags (0x{flags & ~known:x}) in function {function}");
    }

    private static void OnPool<TArgs>(ProcedureTable table, RemoteCall<TArgs, XdrVoid> call, uint knownFlags, string function, Func<IStorageDriver, PoolRef, CancellationToken, Task> action)
        where TArgs : IXdrType<TArgs>, IStoragePoolArguments =>
        table.Add(call, Access.Write, async (client, args, ct) =>
        {
            if (args is StoragePoolFlagsArgs withFlags)
                RequireFlags(withFlags.Flags, knownFlags, function);
            await action(Storage(client), args.Pool.ToPoolRef(), ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });

    private static void OnVolume(ProcedureTable table, RemoteCall<StorageVolFlagsArgs, XdrVoid> call, string function, Func<IStorageDriver, VolumeRef, CancellationToken, Task> action) =>
        table.Add(call, Access.Write, async (client, args, ct) =>
        {
            RequireFlags(args.Flags, None, function);
            await action(Storage(client), args.Vol.ToVolumeRef(), ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });
}
