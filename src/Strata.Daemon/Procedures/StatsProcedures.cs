using Strata.Domains;
using Strata.Drivers;
using Strata.Protocol;

namespace Strata.Daemon.Procedures;

/// <summary>
/// What virsh's monitoring commands ask (domstats, vcpucount, vcpuinfo, dommemstat, domblkstat, domblkinfo,
/// domifstat, domjobinfo, domcontrol), each mapped onto the driver's statistics.
/// </summary>
internal static class StatsProcedures
{
    // virConnectGetAllDomainStatsFlags: the listing filters are the low byte, as virConnectListAllDomainsFlags;
    // NOWAIT (Strata takes no job lock to wait for) and BACKING (it reports no backing chains) change nothing.
    private const uint ListingFilters = 0xFF;
    private const uint NoWait = 1U << 29, Backing = 1U << 30;
    private const uint KnownStatsFlags = ListingFilters | NoWait | Backing | DomainStatsRequest.EnforceFlag;

    // virDomainJobType and virDomainControlState.
    private const int JobNone = 0;
    private const uint ControlOk = 0;
    private const uint TypedParameterStringOkay = 1U << 2; // VIR_TYPED_PARAM_STRING_OKAY: libvirt's remote driver always adds it

    // domstats' cpu-total fields under cpu-stats' names, in libvirt's order.
    private static readonly (string Stats, string Libvirt)[] CpuTotalNames = [("cpu.time", "cpu_time"), ("cpu.user", "user_time"), ("cpu.system", "system_time")];

    // virDomainVcpuFlags.
    // virDomainVcpuFlags: the impact bits of virDomainModificationImpact, then MAXIMUM and GUEST.
    private const uint VcpuLive = (uint)DomainModification.Live, VcpuConfig = (uint)DomainModification.Config;

    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteCalls.ConnectGetAllDomainStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, KnownStatsFlags, "qemuConnectGetAllDomainStats");
            var driver = Wire.Driver(client);
            bool enforce = (args.Flags & DomainStatsRequest.EnforceFlag) != 0;
            var filters = (ListAllDomainsFlags)(args.Flags & ListingFilters);
            IEnumerable<DomainSummary> domains = await driver.ListDomainsAsync(DomainListFilter.All, ct).ConfigureAwait(false);
            if (args.Doms.Count > 0)
            {
                // As libvirt's QEMU driver: the named domains in the order named, filtered too, and those gone skipped.
                var byUuid = domains.ToDictionary(d => d.Domain.Uuid);
                domains = args.Doms.Select(d => byUuid.GetValueOrDefault(d.Uuid)).OfType<DomainSummary>();
            }
            var records = new List<DomainStatsRecord>();
            foreach (var domain in domains.Where(d => DomainFilter.Matches(filters, d)))
            {
                try
                {
                    var stats = await driver.GetStatsAsync(domain.Domain, (DomainStatsGroups)args.Stats, enforce, ct).ConfigureAwait(false);
                    records.Add(new DomainStatsRecord(RemoteDomain.From(domain.Domain), stats));
                }
                catch (DomainNotFoundException)
                {
                    // Undefined since the listing: left out.
                }
            }
            return new ConnectGetAllDomainStatsRet(records);
        });

        table.Add(RemoteCalls.DomainGetVcpusFlags, ProcedureTable.Access.Read, async (client, args, ct) =>
            new IntValue(await VcpuCountAsync(Wire.Driver(client), args.Dom.ToDomainRef(), args.Flags, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainGetMaxVcpus, ProcedureTable.Access.Read, async (client, args, ct) =>
            new IntValue(await VcpuCountAsync(Wire.Driver(client), args.Dom.ToDomainRef(), VcpuLive | ModificationFlags.Maximum, ct).ConfigureAwait(false)));

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

        table.Add(RemoteCalls.DomainGetBlockInfo, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            var info = await Wire.Driver(client).GetBlockInfoAsync(args.Dom.ToDomainRef(), args.Path, ct).ConfigureAwait(false);
            return new DomainGetBlockInfoRet(info.Allocation, info.Capacity, info.Physical);
        });
        table.Add(RemoteCalls.DomainBlockStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            var io = await Wire.Driver(client).GetBlockStatsAsync(args.Dom.ToDomainRef(), args.Path, ct).ConfigureAwait(false);
            return new DomainBlockStatsRet(io.ReadOperations, io.ReadBytes, io.WriteOperations, io.WriteBytes, Errors: -1);
        });
        // As libvirtd: asked for no parameters, the reply says how many there are; asked for some, it has them.
        table.Add(RemoteCalls.DomainBlockStatsFlags, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            var parameters = (await Wire.Driver(client).GetBlockStatsAsync(args.Dom.ToDomainRef(), args.Path, ct).ConfigureAwait(false)).ToParameters();
            return args.ParameterCount == 0
                ? new DomainBlockStatsFlagsRet([], parameters.Count)
                : new DomainBlockStatsFlagsRet([.. parameters.Take(Math.Max(0, args.ParameterCount))], 0);
        });

        // Strata's interfaces are user-mode networking: no host device has counters, so, as libvirt for such an
        // interface, no name is one it knows.
        table.Add(RemoteCalls.DomainInterfaceStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: '{args.Path}' is not a known interface");
        });

        // cpu-stats: the total is QEMU's CPU time from /proc, under libvirt's names. Strata keeps a domain in no cgroup,
        // so there is no count of its time per host CPU (libvirtd has none either on cgroup v2).
        table.Add(RemoteCalls.DomainGetCpuStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, TypedParameterStringOkay, "qemuDomainGetCPUStats");
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            if (args.StartCpu != -1)
                throw new StrataException(ErrorCode.OperationUnsupported, "Operation not supported: a domain's CPU time per host CPU is not counted");
            if (args.ParameterCount == 0)
                return new DomainGetCpuStatsRet([], CpuTotalNames.Length); // the caller only asks how many there are
            var stats = (await Wire.Driver(client).GetStatsAsync(args.Dom.ToDomainRef(), DomainStatsGroups.CpuTotal, enforce: false, ct).ConfigureAwait(false))
                .ToDictionary(s => s.Field, s => s.Bits);
            int count = (int)Math.Min(args.ParameterCount, (uint)CpuTotalNames.Length);
            return new DomainGetCpuStatsRet([.. CpuTotalNames.Take(count).Select(n => TypedParameter.ULLong(n.Libvirt, unchecked((ulong)stats.GetValueOrDefault(n.Stats))))], count);
        });

        // Strata's interfaces are user-mode networking: no libvirt network leases the guest an address and the host's
        // ARP table has no entry for it, so, as libvirt for such an interface, those sources find none. Strata has no
        // guest agent channel.
        table.Add(RemoteCalls.DomainInterfaceAddresses, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, 0, "qemuDomainInterfaceAddresses");
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            return args.Source switch
            {
                DomainInterfaceAddressesArgs.SourceLease or DomainInterfaceAddressesArgs.SourceArp => new DomainInterfaceAddressesRet([]),
                DomainInterfaceAddressesArgs.SourceAgent => throw new StrataException(ErrorCode.ArgumentUnsupported, "argument unsupported: QEMU guest agent is not configured"),
                _ => throw new StrataException(ErrorCode.ArgumentUnsupported, $"argument unsupported: Unknown IP address data source {args.Source}"),
            };
        });

        // Strata runs no background jobs (migration, save, dump) and its monitor is free between calls.
        table.Add(RemoteCalls.DomainGetJobStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            return new DomainGetJobStatsRet(JobNone, []);
        });
        table.Add(RemoteCalls.DomainGetJobInfo, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            return DomainGetJobInfoRet.None;
        });
        table.Add(RemoteCalls.DomainGetControlInfo, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            await RequireRunningAsync(client, args.Dom, ct).ConfigureAwait(false);
            return new DomainGetControlInfoRet(ControlOk, 0, 0);
        });

        table.Add(RemoteCalls.DomainMemoryStats, ProcedureTable.Access.Read, async (client, args, ct) =>
        {
            if (args.MaxStats > RemoteLimits.MemoryStatsMax)
                throw new StrataException(ErrorCode.InternalError, "internal error: maxStats > REMOTE_DOMAIN_MEMORY_STATS_MAX");
            var stats = await Wire.Driver(client).GetMemoryStatsAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false);
            return new DomainMemoryStatsRet([.. stats.Take((int)args.MaxStats).Select(s => new RemoteMemoryStat(s.Tag, s.Value))]);
        });
    }

    private static async Task RequireRunningAsync(ClientSession client, RemoteDomain dom, CancellationToken ct) =>
        DomainTransitions.RequireActive(await Wire.Driver(client).GetStatusAsync(dom.ToDomainRef(), ct).ConfigureAwait(false));

    /// <summary>libvirtd's bounds on the maps a caller asks for: each call allocates count × length bytes.</summary>
    private static void CheckMaps(int count, int length, string what)
    {
        if (count < 0 || length < 0 || count > RemoteLimits.VcpuInfoMax)
            throw new StrataException(ErrorCode.InternalError, $"internal error: {what} > REMOTE_VCPUINFO_MAX");
        if ((long)count * length > RemoteLimits.CpuMapsMax)
            throw new StrataException(ErrorCode.InternalError, $"internal error: {what} * maplen > REMOTE_CPUMAPS_MAX");
    }

    /// <summary>
    /// The vCPU count <c>virDomainGetVcpusFlags</c> asks for: the maximum or the count online, of the running domain
    /// or of its persistent definition; the live count of a domain that does not run is an error.
    /// </summary>
    private static async Task<int> VcpuCountAsync(IDriver driver, DomainRef domain, uint flags, CancellationToken ct)
    {
        if ((flags & ModificationFlags.VcpuGuest) != 0)
            throw new StrataException(ErrorCode.ArgumentUnsupported, "argument unsupported: QEMU guest agent is not configured");
        if ((flags & (VcpuLive | VcpuConfig)) == (VcpuLive | VcpuConfig))
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: flags 'affect live' and 'affect config' are mutually exclusive");
        var status = await driver.GetStatusAsync(domain, ct).ConfigureAwait(false);
        if ((flags & VcpuLive) != 0)
            DomainTransitions.RequireActive(status);
        bool live = (flags & VcpuLive) != 0 || ((flags & VcpuConfig) == 0 && status.IsActive);
        var definition = DomainXml.Parse(await driver.GetXmlAsync(domain, inactive: !live, ct).ConfigureAwait(false));
        return (flags & ModificationFlags.Maximum) != 0 ? definition.Vcpus : definition.OnlineVcpus;
    }
}
