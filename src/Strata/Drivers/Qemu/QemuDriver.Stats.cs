using System.Globalization;
using Strata.Domains;
using Strata.Drivers.Qemu.CommandLine;
using Strata.Drivers.Qemu.Qmp;
using Strata.Images;

namespace Strata.Drivers.Qemu;

public sealed partial class QemuDriver
{
    /// <summary>
    /// A domain's statistics under libvirt's names. An inactive domain has what its definition and disk images say;
    /// a running one adds what /proc says of its QEMU (CPU time, resident memory, each vCPU thread) and what QEMU
    /// counts (block I/O). Nothing is taken as a lock: like <c>dominfo</c>, this only looks.
    /// </summary>
    public async Task<IReadOnlyList<TypedParameter>> GetStatsAsync(DomainRef domain, DomainStatsGroups groups, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (groups == DomainStatsGroups.None)
            groups = DomainStatsGroups.All;
        var definition = seen.Definition;
        var running = seen.Record is { Status.IsActive: true } record ? record : null;
        QmpClient? qmp = null;
        try
        {
            if (running is not null && (groups & (DomainStatsGroups.Balloon | DomainStatsGroups.Vcpu | DomainStatsGroups.Block)) != 0)
                qmp = await ConnectMonitorAsync(running, cancellationToken).ConfigureAwait(false);
            var stats = new List<TypedParameter>();
            if (groups.HasFlag(DomainStatsGroups.State))
            {
                stats.Add(TypedParameter.Int("state.state", (int)seen.Status.State));
                stats.Add(TypedParameter.Int("state.reason", seen.Status.Reason));
            }
            if (groups.HasFlag(DomainStatsGroups.CpuTotal) && running is not null)
            {
                var cpu = ProcessStats.CpuTime(running.Pid);
                stats.Add(TypedParameter.ULLong("cpu.time", cpu.TotalNs));
                stats.Add(TypedParameter.ULLong("cpu.user", cpu.UserNs));
                stats.Add(TypedParameter.ULLong("cpu.system", cpu.SystemNs));
            }
            if (groups.HasFlag(DomainStatsGroups.Balloon))
                await AddBalloonStatsAsync(stats, definition, running, qmp, cancellationToken).ConfigureAwait(false);
            if (groups.HasFlag(DomainStatsGroups.Vcpu))
                await AddVcpuStatsAsync(stats, definition, running, qmp, cancellationToken).ConfigureAwait(false);
            // Strata's interfaces are user-mode networking: there is no host device whose counters could be read.
            if (groups.HasFlag(DomainStatsGroups.Interface) && running is not null)
                stats.Add(TypedParameter.UInt("net.count", (uint)definition.Devices.Interfaces.Count));
            if (groups.HasFlag(DomainStatsGroups.Block))
                await AddBlockStatsAsync(stats, definition, qmp, cancellationToken).ConfigureAwait(false);
            return stats;
        }
        finally
        {
            if (qmp is not null)
                await qmp.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A running domain's vCPUs: QEMU names each one's thread, /proc says the rest.</summary>
    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (seen.Record is not { Status.IsActive: true } running)
            throw new OperationInvalidException("cannot retrieve vcpu information for inactive domain");
        await using var qmp = await ConnectMonitorAsync(running, cancellationToken).ConfigureAwait(false);
        var vcpus = await qmp.QueryVcpusAsync(cancellationToken).ConfigureAwait(false);
        return [.. vcpus.Select(v => new VcpuInfo(v.Index, VcpuState.Running, ProcessStats.CpuTime(running.Pid, v.ThreadId).TotalNs,
            ProcessStats.LastHostCpu(running.Pid, v.ThreadId), ProcessStats.Affinity(running.Pid, v.ThreadId)))];
    }

    private static async Task AddBalloonStatsAsync(List<TypedParameter> stats, DomainDefinition definition, DomainStatusRecord? running, QmpClient? qmp, CancellationToken cancellationToken)
    {
        ulong? balloon = qmp is null ? null : await qmp.QueryBalloonAsync(cancellationToken).ConfigureAwait(false);
        stats.Add(TypedParameter.ULLong("balloon.current", balloon is { } bytes ? bytes / 1024 : definition.CurrentMemoryKiB));
        stats.Add(TypedParameter.ULLong("balloon.maximum", definition.MemoryKiB));
        if (running is not null)
            stats.Add(TypedParameter.ULLong("balloon.rss", ProcessStats.ResidentKiB(running.Pid)));
    }

    private static async Task AddVcpuStatsAsync(List<TypedParameter> stats, DomainDefinition definition, DomainStatusRecord? running, QmpClient? qmp, CancellationToken cancellationToken)
    {
        stats.Add(TypedParameter.UInt("vcpu.current", (uint)definition.Vcpus));
        stats.Add(TypedParameter.UInt("vcpu.maximum", (uint)definition.Vcpus));
        if (running is null || qmp is null)
            return;
        foreach (var vcpu in await qmp.QueryVcpusAsync(cancellationToken).ConfigureAwait(false))
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"vcpu.{vcpu.Index}.");
            stats.Add(TypedParameter.Int(prefix + "state", (int)VcpuState.Running));
            stats.Add(TypedParameter.ULLong(prefix + "time", ProcessStats.CpuTime(running.Pid, vcpu.ThreadId).TotalNs));
            stats.Add(TypedParameter.ULLong(prefix + "delay", ProcessStats.RunQueueDelayNs(running.Pid, vcpu.ThreadId)));
        }
    }

    private async Task AddBlockStatsAsync(List<TypedParameter> stats, DomainDefinition definition, QmpClient? qmp, CancellationToken cancellationToken)
    {
        var counters = qmp is null ? [] : await qmp.QueryBlockStatsAsync(cancellationToken).ConfigureAwait(false);
        var disks = qmp is null ? ResolvedDisks(definition) : definition.Devices.Disks;
        stats.Add(TypedParameter.UInt("block.count", (uint)disks.Count));
        for (int i = 0; i < disks.Count; i++)
        {
            var disk = disks[i];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"block.{i}.");
            stats.Add(TypedParameter.String(prefix + "name", disk.TargetDev));
            if (disk.SourcePath is { } path)
                stats.Add(TypedParameter.String(prefix + "path", path));
            if (qmp is null)
            {
                AddImageSizes(stats, prefix, disk);
                continue;
            }
            string id = ArgumentsBuilder.DiskAlias(disk);
            if (counters.FirstOrDefault(c => c.IsDevice(id)) is not { } io)
                continue;
            stats.Add(TypedParameter.ULLong(prefix + "rd.reqs", io.ReadOperations));
            stats.Add(TypedParameter.ULLong(prefix + "rd.bytes", io.ReadBytes));
            stats.Add(TypedParameter.ULLong(prefix + "rd.times", io.ReadTimeNs));
            stats.Add(TypedParameter.ULLong(prefix + "wr.reqs", io.WriteOperations));
            stats.Add(TypedParameter.ULLong(prefix + "wr.bytes", io.WriteBytes));
            stats.Add(TypedParameter.ULLong(prefix + "wr.times", io.WriteTimeNs));
            stats.Add(TypedParameter.ULLong(prefix + "fl.reqs", io.FlushOperations));
            stats.Add(TypedParameter.ULLong(prefix + "fl.times", io.FlushTimeNs));
            if (io.VirtualSize is not { } capacity)
                continue; // an empty drive
            stats.Add(TypedParameter.ULLong(prefix + "allocation", io.WriteHighestOffset));
            stats.Add(TypedParameter.ULLong(prefix + "capacity", capacity));
            if (io.ActualSize is { } physical)
                stats.Add(TypedParameter.ULLong(prefix + "physical", physical));
        }
    }

    /// <summary>An inactive domain's disks with pool volumes given their paths where the pool can say; the rest as defined.</summary>
    private IReadOnlyList<DiskDefinition> ResolvedDisks(DomainDefinition definition)
    {
        try
        {
            return _storage.ResolveVolumeDisks(definition).Devices.Disks;
        }
        catch (StrataException)
        {
            return definition.Devices.Disks; // an inactive pool or a missing volume: the volume disks have no path
        }
    }

    /// <summary>
    /// An inactive disk's sizes as libvirt gives them: allocation is what the image occupies on its filesystem,
    /// capacity the guest's size, physical the file's length. An image that cannot be read adds nothing.
    /// </summary>
    private static void AddImageSizes(List<TypedParameter> stats, string prefix, DiskDefinition disk)
    {
        if (disk.SourcePath is not { } path || disk.Type != DiskType.File)
            return;
        try
        {
            var format = disk.Format == DiskFormat.Qcow2 ? ImageFormat.Qcow2 : ImageFormat.Raw;
            using var image = DiskImage.Open(path, new ImageOpenOptions { Format = format, IgnoreBacking = true });
            var info = image.GetInfo();
            stats.Add(TypedParameter.ULLong(prefix + "allocation", (ulong)info.ActualSize));
            stats.Add(TypedParameter.ULLong(prefix + "capacity", (ulong)info.VirtualSize));
            stats.Add(TypedParameter.ULLong(prefix + "physical", (ulong)new FileInfo(path).Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StrataException)
        {
        }
    }
}
