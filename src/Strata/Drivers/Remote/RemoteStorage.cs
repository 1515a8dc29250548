using System.Xml.Linq;
using Strata.Pools;
using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// Storage pools and volumes over libvirt's remote protocol, to stratad or a real libvirtd: each call is the
/// procedure libvirt's own remote driver makes. Volume details travel as the daemon's volume XML.
/// </summary>
internal sealed class RemoteStorage(RemoteClient client) : IStorageDriver
{
    // VIR_STORAGE_XML_INACTIVE.
    private const uint XmlInactive = 1 << 0;

    private const uint NoFlags = 0;

    // What libvirt puts in one stream packet at most (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX).
    private const int StreamPacketMax = 256 * 1024;

    public async Task<IReadOnlyList<PoolSummary>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var pools = (await CallAsync(RemoteCalls.ConnectListAllStoragePools, new ConnectListAllStoragePoolsArgs(NeedResults: true, NoFlags), cancellationToken).ConfigureAwait(false)).Pools;
        var result = new List<PoolSummary>(pools.Count);
        foreach (var pool in pools.Select(p => p.ToPoolRef()).OrderBy(p => p.Name, StringComparer.Ordinal))
            result.Add(new PoolSummary(pool, await GetPoolInfoAsync(pool, cancellationToken).ConfigureAwait(false)));
        return result;
    }

    public Task<PoolRef> LookupPoolByNameAsync(string name, CancellationToken cancellationToken) =>
        PoolAsync(RemoteCalls.StoragePoolLookupByName, new StringValue(name), cancellationToken);

    public Task<PoolRef> LookupPoolByUuidAsync(Guid uuid, CancellationToken cancellationToken) =>
        PoolAsync(RemoteCalls.StoragePoolLookupByUuid, new UuidValue(uuid), cancellationToken);

    public Task<PoolRef> DefinePoolAsync(string xml, CancellationToken cancellationToken) =>
        PoolAsync(RemoteCalls.StoragePoolDefineXml, new StringFlagsArgs(xml, NoFlags), cancellationToken);

    public Task UndefinePoolAsync(PoolRef pool, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolUndefine, Pool(pool), cancellationToken);

    public Task BuildPoolAsync(PoolRef pool, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolBuild, WithFlags(pool), cancellationToken);

    public Task StartPoolAsync(PoolRef pool, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolCreate, WithFlags(pool), cancellationToken);

    public Task DestroyPoolAsync(PoolRef pool, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolDestroy, Pool(pool), cancellationToken);

    public Task RefreshPoolAsync(PoolRef pool, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolRefresh, WithFlags(pool), cancellationToken);

    public Task SetPoolAutostartAsync(PoolRef pool, bool autostart, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StoragePoolSetAutostart, new StoragePoolSetAutostartArgs(RemoteStoragePool.From(pool), autostart), cancellationToken);

    /// <summary>virStoragePoolInfo has no persistence or autostart: those are two more calls, as virsh's pool-info makes.</summary>
    public async Task<PoolInfo> GetPoolInfoAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        var info = await CallAsync(RemoteCalls.StoragePoolGetInfo, Pool(pool), cancellationToken).ConfigureAwait(false);
        bool persistent = (await CallAsync(RemoteCalls.StoragePoolIsPersistent, Pool(pool), cancellationToken).ConfigureAwait(false)).Value != 0;
        bool autostart = (await CallAsync(RemoteCalls.StoragePoolGetAutostart, Pool(pool), cancellationToken).ConfigureAwait(false)).Value != 0;
        var state = info.State == StoragePoolGetInfoRet.Running ? PoolState.Running : PoolState.Inactive;
        return new PoolInfo(state, persistent, autostart, info.Capacity, info.Allocation, info.Available);
    }

    public async Task<string> GetPoolXmlAsync(PoolRef pool, bool inactive, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.StoragePoolGetXmlDesc, WithFlags(pool, inactive ? XmlInactive : NoFlags), cancellationToken).ConfigureAwait(false)).Value;

    public async Task<IReadOnlyList<VolumeInfo>> ListVolumesAsync(PoolRef pool, CancellationToken cancellationToken)
    {
        var volumes = (await CallAsync(RemoteCalls.StoragePoolListAllVolumes, new StoragePoolListAllVolumesArgs(RemoteStoragePool.From(pool), NeedResults: true, NoFlags), cancellationToken).ConfigureAwait(false)).Vols;
        var result = new List<VolumeInfo>(volumes.Count);
        foreach (var volume in volumes.Select(v => v.ToVolumeRef()).OrderBy(v => v.Name, StringComparer.Ordinal))
            result.Add(await GetVolumeInfoAsync(volume, cancellationToken).ConfigureAwait(false));
        return result;
    }

    public Task<VolumeRef> LookupVolumeAsync(PoolRef pool, string name, CancellationToken cancellationToken) =>
        VolumeAsync(RemoteCalls.StorageVolLookupByName, new StorageVolLookupByNameArgs(RemoteStoragePool.From(pool), name), cancellationToken);

    /// <summary>By path, then by key, as virsh looks a volume up when no pool is given.</summary>
    public async Task<VolumeRef> LookupVolumeByPathAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await VolumeAsync(RemoteCalls.StorageVolLookupByPath, new StringValue(path), cancellationToken).ConfigureAwait(false);
        }
        catch (VolumeNotFoundException)
        {
            try
            {
                return await VolumeAsync(RemoteCalls.StorageVolLookupByKey, new StringValue(path), cancellationToken).ConfigureAwait(false);
            }
            catch (VolumeNotFoundException)
            {
                throw new VolumeNotFoundException($"no storage vol with matching path '{path}'");
            }
        }
    }

    public Task<VolumeRef> CreateVolumeAsync(PoolRef pool, string xml, CancellationToken cancellationToken) =>
        VolumeAsync(RemoteCalls.StorageVolCreateXml, new StorageVolCreateXmlArgs(RemoteStoragePool.From(pool), xml, NoFlags), cancellationToken);

    /// <summary>As virsh's vol-clone: the source's own XML under the new name, created from the source in its pool.</summary>
    public async Task<VolumeRef> CloneVolumeAsync(VolumeRef source, string name, CancellationToken cancellationToken)
    {
        StorageNames.ValidateVolume(name);
        var definition = XDocument.Parse(await GetVolumeXmlAsync(source, cancellationToken).ConfigureAwait(false));
        var nameElement = definition.Root?.Element("name") ?? throw new StrataException(ErrorCode.XmlError, $"XML error: the daemon's XML of volume '{source.Name}' has no <name>");
        nameElement.Value = name;
        var pool = await LookupPoolByNameAsync(source.Pool, cancellationToken).ConfigureAwait(false);
        return await VolumeAsync(RemoteCalls.StorageVolCreateXmlFrom,
            new StorageVolCreateXmlFromArgs(RemoteStoragePool.From(pool), definition.ToString(), RemoteStorageVol.From(source), NoFlags), cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteVolumeAsync(VolumeRef volume, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StorageVolDelete, WithFlags(volume), cancellationToken);

    public Task WipeVolumeAsync(VolumeRef volume, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StorageVolWipe, WithFlags(volume), cancellationToken);

    public Task ResizeVolumeAsync(VolumeRef volume, ulong capacity, bool allowShrink, CancellationToken cancellationToken) =>
        CallAsync(RemoteCalls.StorageVolResize, new StorageVolResizeArgs(RemoteStorageVol.From(volume), capacity, allowShrink ? StorageVolResizeArgs.Shrink : NoFlags), cancellationToken);

    public async Task<VolumeInfo> GetVolumeInfoAsync(VolumeRef volume, CancellationToken cancellationToken) =>
        VolumeXml.ParseInfo(volume, await GetVolumeXmlAsync(volume, cancellationToken).ConfigureAwait(false));

    public async Task<string> GetVolumeXmlAsync(VolumeRef volume, CancellationToken cancellationToken) =>
        (await CallAsync(RemoteCalls.StorageVolGetXmlDesc, WithFlags(volume), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>virStorageVolDownload: the bytes come as a stream (a length of 0 on the wire means to the end).</summary>
    public async Task DownloadVolumeAsync(VolumeRef volume, Stream destination, ulong offset, ulong? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var stream = await AtStage(TransferStage.Open, () => client.OpenStreamAsync(RemoteCalls.StorageVolDownload, Transfer(volume, offset, length), (owner, packet) => new RemoteTransfer(owner, packet), cancellationToken)).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await AtStage(TransferStage.Data, async () =>
            {
                while (await stream.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } data)
                    await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await AtStage(TransferStage.Finish, () => stream.FinishAsync(cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>virStorageVolUpload: the bytes go as a stream, and the daemon confirms once it has written them all.</summary>
    public async Task UploadVolumeAsync(VolumeRef volume, Stream source, ulong offset, ulong? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var stream = await AtStage(TransferStage.Open, () => client.OpenStreamAsync(RemoteCalls.StorageVolUpload, Transfer(volume, offset, length), (owner, packet) => new RemoteTransfer(owner, packet), cancellationToken)).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await AtStage(TransferStage.Data, () => BoundedCopy.CopyAsync(source, length, StreamPacketMax,
                (data, ct) => new ValueTask(stream.SendAsync(data, ct)), cancellationToken)).ConfigureAwait(false);
            await AtStage(TransferStage.Finish, () => stream.FinishAsync(cancellationToken)).ConfigureAwait(false);
        }
    }

    // The daemon's error, marked with the step it stopped (virsh's first line names the step).
    private static Task AtStage(TransferStage stage, Func<Task> step) => AtStage(stage, async () =>
    {
        await step().ConfigureAwait(false);
        return true;
    });

    private static async Task<T> AtStage<T>(TransferStage stage, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (StrataException error) when (error is not VolumeTransferException)
        {
            throw new VolumeTransferException(stage, error);
        }
    }

    private Task<TRet> CallAsync<TArgs, TRet>(RemoteCall<TArgs, TRet> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs>
        where TRet : IXdrType<TRet> =>
        client.CallAsync(call, arguments, cancellationToken);

    private async Task<PoolRef> PoolAsync<TArgs>(RemoteCall<TArgs, StoragePoolValue> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs> =>
        (await CallAsync(call, arguments, cancellationToken).ConfigureAwait(false)).Pool.ToPoolRef();

    private async Task<VolumeRef> VolumeAsync<TArgs>(RemoteCall<TArgs, StorageVolValue> call, TArgs arguments, CancellationToken cancellationToken)
        where TArgs : IXdrType<TArgs> =>
        (await CallAsync(call, arguments, cancellationToken).ConfigureAwait(false)).Vol.ToVolumeRef();

    private static StorageVolTransferArgs Transfer(VolumeRef volume, ulong offset, ulong? length) =>
        new(RemoteStorageVol.From(volume), offset, length ?? 0, NoFlags);

    private static StoragePoolValue Pool(PoolRef pool) => new(RemoteStoragePool.From(pool));

    private static StoragePoolFlagsArgs WithFlags(PoolRef pool, uint flags = NoFlags) => new(RemoteStoragePool.From(pool), flags);

    private static StorageVolFlagsArgs WithFlags(VolumeRef volume) => new(RemoteStorageVol.From(volume), NoFlags);
}
