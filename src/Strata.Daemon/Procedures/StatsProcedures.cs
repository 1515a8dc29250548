using Strata.Drivers;
using Strata.Protocol;

namespace Strata.Daemon.Procedures;

/// <summary>What virsh domstats, vcpucount and dommemstat ask: a domain's statistics, vCPU counts and memory.</summary>
internal static class StatsProcedures
{
    // virConnectGetAllDomainStatsFlags: the listing filters (the low byte, as virConnectListAllDomainsFlags), and
    // one flag that makes an unsupported group an error rather than left out.
    private const uint ListingFilters = 0xFF;
    private const uint EnforceStats = 1U << 31;

    // virDomainVcpuFlags.
    private const uint VcpuLive = 1 << 0, VcpuConfig = 1 << 1, VcpuMaximum = 1 << 2, VcpuGuest = 1 << 3;

    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteCalls.ConnectGetAllDomainStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            var groups = DomainStatsRequest.Select(args.Stats, enforce: (args.Flags & EnforceStats) != 0);
            var driver = Wire.Driver(client);
            var records = new List<DomainStatsRecord>();
            if (args.Doms.Count > 0)
            {
                foreach (var dom in args.Doms)
                    records.Add(await StatsAsync(driver, dom.ToDomainRef(), groups, ct).ConfigureAwait(false));
                return new ConnectGetAllDomainStatsRet(records);
            }
            var listing = await driver.ListDomainsAsync((DomainListFilter)(args.Flags & 0xF), ct).ConfigureAwait(false);
            foreach (var domain in listing.Where(d => DomainProcedures.Matches(args.Flags & ListingFilters, d)))
            {
                try
                {
                    records.Add(await StatsAsync(driver, domain.Domain, groups, ct).ConfigureAwait(false));
                }
                catch (DomainNotFoundException)
                {
                    // Undefined since the listing: as libvirt, a domain that is gone is left out.
                }
            }
            return new ConnectGetAllDomainStatsRet(records);
        });

        table.Add(RemoteCalls.DomainGetVcpusFlags, ProcedureTable.Access.Read, async (client, args, ct) =>
            new IntValue(await VcpuCountAsync(Wire.Driver(client), args.Dom.ToDomainRef(), args.Flags, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainGetMaxVcpus, ProcedureTable.Access.Read, async (client, args, ct) =>
            new IntValue(await VcpuCountAsync(Wire.Driver(client), args.Dom.ToDomainRef(), VcpuLive | VcpuMaximum, ct).ConfigureAwait(false)));

        table.Add(RemoteCalls.DomainGetVcpus, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            CheckMaps(args.MaxInfo, args.MapLength, "maxinfo");
            var vcpus = (await Wire.Driver(client).GetVcpusAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)).Take(args.MaxInfo).ToList();
            // As libvirtd: room for maxinfo maps whatever the count, each vCPU's at its index.
            var maps = new byte[args.MaxInfo * args.MapLength];
            for (int i = 0; i < vcpus.Count; i++)
                CpuMaps.Write(maps, i, args.MapLength, vcpus[i].Affinity);
            return new DomainGetVcpusRet([.. vcpus.Select(v => new RemoteVcpuInfo((uint)v.Number, (int)v.State, v.CpuTimeNs, v.HostCpu))], maps);
        });

        // Strata pins no vCPU: each may run on every host CPU.
        table.Add(RemoteCalls.DomainGetVcpuPinInfo, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            CheckMaps(args.MapCount, args.MapLength, "ncpumaps");
            var driver = Wire.Driver(client);
            int vcpus = (await driver.GetInfoAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)).Vcpus;
            int hostCpus = (await driver.GetNodeInfoAsync(ct).ConfigureAwait(false)).Cpus;
            var maps = new byte[args.MapCount * args.MapLength];
            int count = Math.Min(vcpus, args.MapCount);
            for (int i = 0; i < count; i++)
                CpuMaps.Write(maps, i, args.MapLength, Enumerable.Range(0, hostCpus));
            return new DomainGetVcpuPinInfoRet(maps, count);
        });

        table.Add(RemoteCalls.DomainMemoryStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            var driver = Wire.Driver(client);
            var domain = args.Dom.ToDomainRef();
            DomainTransitions.RequireActive(await driver.GetStatusAsync(domain, ct).ConfigureAwait(false));
            // Strata's guests have no balloon statistics: what there is, is the QEMU process's resident memory.
            var stats = await driver.GetStatsAsync(domain, DomainStatsGroups.Balloon, ct).ConfigureAwait(false);
            return new DomainMemoryStatsRet([.. stats.Where(p => p.Field == "balloon.rss").Take((int)Math.Min(args.MaxStats, int.MaxValue))
                .Select(p => new MemoryStat(MemoryStatTag.Rss, p.Unsigned))]);
        });
    }

    /// <summary>libvirtd's bounds on the maps a caller asks for: each call allocates count × length bytes.</summary>
    private static void CheckMaps(int count, int length, string what)
    {
        if (count < 0 || length < 0 || count > RemoteLimits.VcpuInfoMax)
            throw new StrataException(ErrorCode.InternalError, $"internal error: {what} > REMOTE_VCPUINFO_MAX");
        if ((long)count * length > RemoteLimits.CpuMapsMax)
            throw new StrataException(ErrorCode.InternalError, $"internal error: {what} * maplen > REMOTE_CPUMAPS_MAX");
    }

    /// <summary>One domain's record; an empty one if no group the daemon gathers was asked for.</summary>
    private static async Task<DomainStatsRecord> StatsAsync(IDriver driver, DomainRef domain, DomainStatsGroups? groups, CancellationToken ct) =>
        new(RemoteDomain.From(domain), groups is { } some ? await driver.GetStatsAsync(domain, some, ct).ConfigureAwait(false) : []);

    /// <summary>
    /// The vCPU count <c>virDomainGetVcpusFlags</c> asks for. Strata does not hot-plug vCPUs, so the maximum and the
    /// current count, live and in the definition, are the same; the live count of a domain that does not run is an error.
    /// </summary>
    private static async Task<int> VcpuCountAsync(IDriver driver, DomainRef domain, uint flags, CancellationToken ct)
    {
        if ((flags & VcpuGuest) != 0)
            throw new StrataException(ErrorCode.ArgumentUnsupported, "argument unsupported: QEMU guest agent is not configured");
        if ((flags & (VcpuLive | VcpuConfig)) == (VcpuLive | VcpuConfig))
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: flags 'affect live' and 'affect config' are mutually exclusive");
        if ((flags & VcpuLive) != 0)
            DomainTransitions.RequireActive(await driver.GetStatusAsync(domain, ct).ConfigureAwait(false));
        var info = await driver.GetInfoAsync(domain, ct).ConfigureAwait(false);
        return info.Vcpus;
    }
}
