using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Opening a connection and asking about the host and driver.</summary>
internal static class ConnectProcedures
{
    /// <summary>The driver features stratad has.</summary>
    private static readonly HashSet<int> Features =
    [
        (int)DriverFeature.Remote, (int)DriverFeature.ProgramKeepalive, (int)DriverFeature.TypedParamString,
        (int)DriverFeature.RemoteEventCallback, (int)DriverFeature.RemoteCloseCallback,
    ];

    private static readonly XdrVoid Void = XdrVoid.Value;

    // kernel, user, idle, iowait.
    private const int CpuStatsCount = 4;

    public static void Register(ProcedureTable table, DaemonDrivers drivers)
    {
        table.Add(RemoteCalls.AuthList, Access.Anonymous, (_, _, _) => Done(new AuthListRet([AuthType.None])));

        table.Add(RemoteCalls.ConnectOpen, Access.Anonymous, (client, args, _) =>
        {
            // As libvirtd: one open per connection (its events and streams belong to the driver it opened).
            if (client.Driver is not null)
                throw new RpcRefusalException("connection already open");
            // The read-only flag is decided by the socket, not by the client.
            (client.Driver, client.Uri) = drivers.Open(args.Name);
            return Done(Void);
        });

        // As libvirtd (a delayed close): the connection ends once the reply is sent, not before, whatever other calls of
        // the client finish meanwhile.
        table.AddThen(RemoteCalls.ConnectClose, Access.Anonymous, async (client, _, _, _) =>
        {
            client.Events.Dispose();
            await client.CloseStreamsAsync().ConfigureAwait(false);
            client.Driver = null;
            return client.Disconnect;
        });

        table.Add(RemoteCalls.ConnectSupportsFeature, Access.Anonymous, (client, feature, _) =>
        {
            // Asking about keepalive, before opening, is how a client (virsh) says it answers PINGs: libvirtd then
            // pings it. Every other feature is a question about the opened connection.
            if (feature.Value == (int)DriverFeature.ProgramKeepalive)
            {
                client.StartKeepalive();
                return Done(new IntValue(1));
            }
            if (client.Driver is null)
                throw RpcRefusalException.NotOpen();
            return Done(new IntValue(Features.Contains(feature.Value) ? 1 : 0));
        });
        table.Add(RemoteCalls.ConnectGetType, Access.Read, (client, _, _) => Done(new StringValue(Wire.Driver(client).HypervisorName)));
        table.Add(RemoteCalls.ConnectGetUri, Access.Read, (client, _, _) => Done(new StringValue(client.Uri)));
        table.Add(RemoteCalls.ConnectGetVersion, Access.Read, async (client, _, ct) =>
            new UInt64Value(await Wire.Driver(client).GetHypervisorVersionAsync(ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.ConnectGetLibVersion, Access.Read, (_, _, _) => Done(new UInt64Value(StrataVersion.LibvirtNumber)));
        table.Add(RemoteCalls.ConnectGetHostname, Access.Read, async (client, _, ct) =>
            new StringValue(await Wire.Driver(client).GetHostnameAsync(ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.ConnectIsSecure, Access.Read, (_, _, _) => Done(new IntValue(1))); // a local unix socket
        table.Add(RemoteCalls.ConnectGetCapabilities, Access.Read, async (client, _, ct) =>
            new StringValue(await Wire.Driver(client).GetCapabilitiesAsync(ct).ConfigureAwait(false)));
        // Refused read-only, as libvirt since CVE-2019-10167: the emulator it names is run to probe it.
        table.Add(RemoteCalls.ConnectGetDomainCapabilities, Access.Write, async (client, args, ct) =>
            new StringValue(await Wire.Driver(client).GetDomainCapabilitiesAsync(args.EmulatorBin, args.Arch, args.Machine, args.VirtType, ct).ConfigureAwait(false)));

        table.Add(RemoteCalls.NodeGetInfo, Access.Read, async (client, _, ct) =>
        {
            var n = await Wire.Driver(client).GetNodeInfoAsync(ct).ConfigureAwait(false);
            // char model[32] keeps its NUL: at most 31 characters of the name.
            string model = n.CpuModel.Length < RemoteLimits.NodeModelLength ? n.CpuModel : n.CpuModel[..(RemoteLimits.NodeModelLength - 1)];
            return new NodeGetInfoRet(model, n.MemoryKiB, n.Cpus, n.MhZ, n.Nodes, n.Sockets, n.CoresPerSocket, n.ThreadsPerCore);
        });

        // nodecpustats and nodememstats: asked with no room, the count; asked with room for exactly that many, the values.
        // As libvirt's Linux code, the CPU statistics are counted (four) before the CPU asked for is looked at.
        table.Add(RemoteCalls.NodeGetCpuStats, Access.Read, async (client, args, ct) => args.NParams == 0 && args.Flags == 0
            ? new NodeGetStatsRet([], CpuStatsCount)
            : NodeStats(await Wire.Driver(client).GetNodeCpuStatsAsync(args.CpuNum, ct).ConfigureAwait(false), args.NParams, args.Flags,
                "virNodeGetCPUStats", count => $"nparams in virHostCPUGetStatsLinux must be equal to {count}"));
        table.Add(RemoteCalls.NodeGetMemoryStats, Access.Read, async (client, args, ct) =>
            NodeStats(await Wire.Driver(client).GetNodeMemoryStatsAsync(args.CellNum, ct).ConfigureAwait(false), args.NParams, args.Flags,
                "virNodeGetMemoryStats", count => $"nparams in virHostMemGetStats must be {count}"));
        // freecell.
        table.Add(RemoteCalls.NodeGetCellsFreeMemory, Access.Read, async (client, args, ct) => args.MaxCells > NodeGetCellsFreeMemoryRet.Max
            ? throw new StrataException(ErrorCode.InternalError, "internal error: maxCells > REMOTE_NODE_MAX_CELLS")
            : new NodeGetCellsFreeMemoryRet(await Wire.Driver(client).GetCellsFreeMemoryAsync(args.StartCell, args.MaxCells, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.NodeGetFreeMemory, Access.Read, async (client, _, ct) =>
            new UInt64Value(await Wire.Driver(client).GetFreeMemoryAsync(ct).ConfigureAwait(false)));

        // What virsh vcpuinfo asks first for the width of its CPU maps. Every host CPU counts as online here.
        table.Add(RemoteCalls.NodeGetCpuMap, Access.Read, async (client, args, ct) =>
        {
            int cpus = (await Wire.Driver(client).GetNodeInfoAsync(ct).ConfigureAwait(false)).Cpus;
            var map = new byte[args.NeedMap != 0 ? CpuMaps.Length(cpus) : 0];
            if (map.Length > 0)
                CpuMaps.Write(map, 0, map.Length, Enumerable.Range(0, cpus));
            return new NodeGetCpuMapRet(map, args.NeedOnline != 0 ? (uint)cpus : 0, cpus);
        });

        // No security driver, as libvirt's "none".
        table.Add(RemoteCalls.NodeGetSecurityModel, Access.Read, (_, _, _) => Done(new NodeGetSecurityModelRet("", "")));

        table.Add(RemoteCalls.ConnectRegisterCloseCallback, Access.Read, (_, _, _) => Done(Void));
        table.Add(RemoteCalls.ConnectUnregisterCloseCallback, Access.Read, (_, _, _) => Done(Void));
    }

    /// <summary>
    /// libvirt's two-step node statistics: asked with no room, how many there are; else exactly that many, or the
    /// refusal <paramref name="wrongRoom"/> words for the count.
    /// </summary>
    private static NodeGetStatsRet NodeStats(IReadOnlyList<NodeStat> stats, int room, uint flags, string api, Func<int, string> wrongRoom)
    {
        Wire.RequireFlags(flags, 0, api);
        if (room > NodeGetStatsRet.Max)
            throw new StrataException(ErrorCode.InternalError, "internal error: nparams too large");
        if (room == 0)
            return new NodeGetStatsRet([], stats.Count);
        if (room != stats.Count)
            throw new StrataException(ErrorCode.InvalidArg, wrongRoom(stats.Count)); // libvirt's words, with no prefix
        return new NodeGetStatsRet([.. stats.Select(s => new RemoteNodeStat(s.Field, s.Value))], 0);
    }
}
