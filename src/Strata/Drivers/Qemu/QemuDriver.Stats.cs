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
    /// counts (block I/O), if its monitor answers in time. Nothing is taken as a lock: like <c>dominfo</c>, this only looks.
    /// </summary>
    public async Task<IReadOnlyList<TypedParameter>> GetStatsAsync(DomainRef domain, DomainStatsGroups groups, bool enforce, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (DomainStatsRequest.Select(groups, enforce) is not { } gathered)
            return [];
        var definition = seen.Definition;
        var running = seen.Record is { Status.IsActive: true } record ? record : null;
        bool vcpus = gathered.HasFlag(DomainStatsGroups.Vcpu), blocks = gathered.HasFlag(DomainStatsGroups.Block);
        bool balloon = gathered.HasFlag(DomainStatsGroups.Balloon) && definition.Devices.Memballoon is { Virtio: true };
        var qemu = running is not null && (vcpus || blocks || balloon)
            ? await AskQemuAsync(running, vcpus, blocks, balloon, cancellationToken).ConfigureAwait(false)
            : null;

        var stats = new List<TypedParameter>();
        if (gathered.HasFlag(DomainStatsGroups.State))
        {
            stats.Add(TypedParameter.Int("state.state", (int)seen.Status.State));
            stats.Add(TypedParameter.Int("state.reason", seen.Status.Reason));
        }
        if (gathered.HasFlag(DomainStatsGroups.CpuTotal) && running is not null)
        {
            var cpu = ProcessStats.CpuTime(running.Pid);
            stats.Add(TypedParameter.ULLong("cpu.time", cpu.TotalNs));
            stats.Add(TypedParameter.ULLong("cpu.user", cpu.UserNs));
            stats.Add(TypedParameter.ULLong("cpu.system", cpu.SystemNs));
        }
        if (gathered.HasFlag(DomainStatsGroups.Balloon))
        {
            stats.Add(TypedParameter.ULLong("balloon.current", qemu?.BalloonBytes is { } bytes ? bytes / 1024 : definition.CurrentMemoryKiB));
            stats.Add(TypedParameter.ULLong("balloon.maximum", definition.MemoryKiB));
            if (running is not null)
                stats.Add(TypedParameter.ULLong("balloon.rss", ProcessStats.ResidentKiB(running.Pid)));
        }
        if (vcpus)
            AddVcpuStats(stats, definition, running, qemu);
        // Strata's interfaces are user-mode networking: there is no host device whose counters could be read.
        if (gathered.HasFlag(DomainStatsGroups.Interface) && running is not null)
            stats.Add(TypedParameter.UInt("net.count", (uint)definition.Devices.Interfaces.Count));
        if (blocks)
            AddBlockStats(stats, running is null ? ResolvedDisks(definition) : definition.Devices.Disks, running is not null, qemu);
        return stats;
    }

    /// <summary>A running domain's vCPUs: QEMU names each one's thread, /proc says the rest.</summary>
    public async Task<IReadOnlyList<VcpuInfo>> GetVcpusAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        if (seen.Record is not { Status.IsActive: true } running)
            throw new OperationInvalidException("cannot retrieve vcpu information for inactive domain");
        var qemu = await AskQemuAsync(running, vcpus: true, blocks: false, balloon: false, cancellationToken).ConfigureAwait(false)
            ?? await NoAnswerAsync(domain, cancellationToken).ConfigureAwait(false);
        return [.. qemu.Vcpus.Select(v => Vcpu(running.Pid, v))];
    }

    /// <summary>
    /// One disk's sizes. While the domain runs, QEMU says what the guest sees and what the image occupies (it may be
    /// growing); otherwise the image file does.
    /// </summary>
    public async Task<BlockInfo> GetBlockInfoAsync(DomainRef domain, string disk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disk);
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        var running = seen.Record is { Status.IsActive: true } record ? record : null;
        var disks = running is null ? ResolvedDisks(seen.Definition) : seen.Definition.Devices.Disks;
        var found = disks.FirstOrDefault(d => d.TargetDev == disk || (disk.Length > 0 && d.SourcePath == disk))
            ?? throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: invalid path {disk} not assigned to domain");
        if (found.SourcePath is not { } path)
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: disk '{disk}' does not currently have a source assigned");
        if (running is null)
            return ImageSizes(found) ?? throw new StrataException(ErrorCode.SystemError, $"cannot stat file '{path}': No such file or directory");

        var qemu = await AskQemuAsync(running, vcpus: false, blocks: true, balloon: false, cancellationToken).ConfigureAwait(false)
            ?? await NoAnswerAsync(domain, cancellationToken).ConfigureAwait(false);
        var io = qemu.Blocks.FirstOrDefault(c => c.IsDevice(ArgumentsBuilder.DiskAlias(found)));
        ulong length = File.Exists(path) ? (ulong)new FileInfo(path).Length : 0;
        return new BlockInfo(io?.VirtualSize ?? 0, io?.ActualSize ?? 0, length);
    }

    /// <summary>
    /// A running domain's memory as <c>dommemstat</c> shows it: the balloon's size if it has one, and QEMU's
    /// resident memory. Strata sets no balloon statistics period, so the guest reports nothing more.
    /// </summary>
    public async Task<IReadOnlyList<MemoryStat>> GetMemoryStatsAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        var seen = await RequireAsync(domain, cancellationToken).ConfigureAwait(false);
        DomainTransitions.RequireActive(seen.Status);
        var running = seen.Record!;
        var stats = new List<MemoryStat>();
        if (seen.Definition.Devices.Memballoon is { Virtio: true }
            && await AskQemuAsync(running, vcpus: false, blocks: false, balloon: true, cancellationToken).ConfigureAwait(false) is { BalloonBytes: { } bytes })
            stats.Add(new MemoryStat(MemoryStatTag.ActualBalloon, bytes / 1024));
        stats.Add(new MemoryStat(MemoryStatTag.Rss, ProcessStats.ResidentKiB(running.Pid)));
        return stats;
    }

    /// <summary>What QEMU says of a running domain, asked in one monitor session.</summary>
    private sealed record QemuFigures(IReadOnlyList<QmpVcpu> Vcpus, IReadOnlyList<QmpBlockStats> Blocks, ulong? BalloonBytes);

    /// <summary>
    /// Asks QEMU for what the caller needs, within the monitor timeout; null if the monitor cannot be reached or does
    /// not answer in time (QEMU stopped meanwhile, or hangs), so that one such domain costs a bounded wait, not a call.
    /// </summary>
    private static async Task<QemuFigures?> AskQemuAsync(DomainStatusRecord running, bool vcpus, bool blocks, bool balloon, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QmpTimeout);
        try
        {
            await using var qmp = await ConnectMonitorAsync(running, timeout.Token).ConfigureAwait(false);
            return new QemuFigures(
                vcpus ? await qmp.QueryVcpusAsync(timeout.Token).ConfigureAwait(false) : [],
                blocks ? await qmp.QueryBlockStatsAsync(timeout.Token).ConfigureAwait(false) : [],
                balloon ? await qmp.QueryBalloonAsync(timeout.Token).ConfigureAwait(false) : null);
        }
        catch (Exception e) when (e is HypervisorException or QmpErrorException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The error for a call that needs QEMU's answer and got none: the domain stopped, or its monitor hangs.</summary>
    private async Task<QemuFigures> NoAnswerAsync(DomainRef domain, CancellationToken cancellationToken)
    {
        DomainTransitions.RequireActive(await GetStatusAsync(domain, cancellationToken).ConfigureAwait(false));
        throw new HypervisorException($"QEMU of domain '{domain.Name}' did not answer its monitor within {QmpTimeout.TotalSeconds:0} s");
    }

    private static VcpuInfo Vcpu(int pid, QmpVcpu vcpu) => new(vcpu.Index, VcpuState.Running,
        ProcessStats.CpuTime(pid, vcpu.ThreadId).TotalNs, ProcessStats.LastHostCpu(pid, vcpu.ThreadId), ProcessStats.Affinity(pid, vcpu.ThreadId));

    private static void AddVcpuStats(List<TypedParameter> stats, DomainDefinition definition, DomainStatusRecord? running, QemuFigures? qemu)
    {
        stats.Add(TypedParameter.UInt("vcpu.current", (uint)definition.OnlineVcpus));
        stats.Add(TypedParameter.UInt("vcpu.maximum", (uint)definition.Vcpus));
        if (running is null || qemu is null)
            return;
        foreach (var thread in qemu.Vcpus)
        {
            var vcpu = Vcpu(running.Pid, thread);
            string prefix = string.Create(CultureInfo.InvariantCulture, $"vcpu.{vcpu.Number}.");
            stats.Add(TypedParameter.Int(prefix + "state", (int)vcpu.State));
            stats.Add(TypedParameter.ULLong(prefix + "time", vcpu.CpuTimeNs));
            stats.Add(TypedParameter.ULLong(prefix + "delay", ProcessStats.RunQueueDelayNs(running.Pid, thread.ThreadId)));
        }
    }

    /// <summary>
    /// Each disk's name and source; for a running domain QEMU's counters and sizes (none if QEMU did not answer), for
    /// an inactive one the image's sizes.
    /// </summary>
    private static void AddBlockStats(List<TypedParameter> stats, IReadOnlyList<DiskDefinition> disks, bool running, QemuFigures? qemu)
    {
        stats.Add(TypedParameter.UInt("block.count", (uint)disks.Count));
        for (int i = 0; i < disks.Count; i++)
        {
            var disk = disks[i];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"block.{i}.");
            stats.Add(TypedParameter.String(prefix + "name", disk.TargetDev));
            if (disk.SourcePath is { } path)
                stats.Add(TypedParameter.String(prefix + "path", path));
            if (!running)
            {
                if (ImageSizes(disk) is { } sizes)
                {
                    stats.Add(TypedParameter.ULLong(prefix + "allocation", sizes.Allocation));
                    stats.Add(TypedParameter.ULLong(prefix + "capacity", sizes.Capacity));
                    stats.Add(TypedParameter.ULLong(prefix + "physical", sizes.Physical));
                }
                continue;
            }
            string id = ArgumentsBuilder.DiskAlias(disk);
            if (qemu?.Blocks.FirstOrDefault(c => c.IsDevice(id)) is not { } io)
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
            // As libvirt for a running disk: allocation is the highest offset written, physical what the image occupies.
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
    /// A disk's sizes read from its image, as libvirt gives them for a domain that does not run: allocation is what the
    /// image occupies on its filesystem, capacity the guest's size, physical the file's length. Null if the image
    /// cannot be read.
    /// </summary>
    private static BlockInfo? ImageSizes(DiskDefinition disk)
    {
        if (disk.SourcePath is not { } path || disk.Type != DiskType.File)
            return null;
        try
        {
            var format = disk.Format == DiskFormat.Qcow2 ? ImageFormat.Qcow2 : ImageFormat.Raw;
            using var image = DiskImage.Open(path, new ImageOpenOptions { Format = format, IgnoreBacking = true });
            var info = image.GetInfo();
            return new BlockInfo((ulong)info.VirtualSize, (ulong)info.ActualSize, (ulong)new FileInfo(path).Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StrataException)
        {
            return null;
        }
    }
}
