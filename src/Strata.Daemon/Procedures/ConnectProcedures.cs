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

    public static void Register(ProcedureTable table, DaemonDrivers drivers)
    {
        table.Add(RemoteProcedure.AuthList, Access.Anonymous, (_, call, _) =>
            ValueTask.FromResult(Reply(call, w => w.WriteInt32Array([(int)AuthType.None], RemoteLimits.AuthTypeListMax))));

        table.Add(RemoteProcedure.ConnectOpen, Access.Anonymous, (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            string? name = Wire.ReadOptionalString(ref reader);
            _ = reader.ReadUInt32(); // flags (read-only is decided by the socket, not by the client)
            (client.Driver, client.Uri) = drivers.Open(name);
            return ValueTask.FromResult(Reply(call));
        });

        table.Add(RemoteProcedure.ConnectClose, Access.Anonymous, (client, call, _) =>
        {
            client.Events.Dispose();
            client.Driver = null;
            return ValueTask.FromResult(Reply(call));
        });

        table.Add(RemoteProcedure.ConnectSupportsFeature, Access.Read, (_, call, _) =>
        {
            var reader = call.PayloadReader();
            int feature = reader.ReadInt32();
            return ValueTask.FromResult(Reply(call, w => w.WriteInt32(Features.Contains(feature) ? 1 : 0)));
        });

        table.Add(RemoteProcedure.ConnectGetType, Access.Read, (client, call, _) =>
            ValueTask.FromResult(Reply(call, w => Wire.WriteString(w, Wire.Driver(client).HypervisorName))));

        table.Add(RemoteProcedure.ConnectGetUri, Access.Read, (client, call, _) =>
            ValueTask.FromResult(Reply(call, w => Wire.WriteString(w, client.Uri))));

        table.Add(RemoteProcedure.ConnectGetVersion, Access.Read, async (client, call, ct) =>
        {
            ulong version = await Wire.Driver(client).GetHypervisorVersionAsync(ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteUInt64(version));
        });

        table.Add(RemoteProcedure.ConnectGetLibVersion, Access.Read, (_, call, _) =>
            ValueTask.FromResult(Reply(call, w => w.WriteUInt64(StrataVersion.LibvirtNumber))));

        table.Add(RemoteProcedure.ConnectGetHostname, Access.Read, async (client, call, ct) =>
        {
            string host = await Wire.Driver(client).GetHostnameAsync(ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteString(w, host));
        });

        table.Add(RemoteProcedure.ConnectIsSecure, Access.Read, (_, call, _) =>
            ValueTask.FromResult(Reply(call, w => w.WriteInt32(1)))); // a local unix socket

        table.Add(RemoteProcedure.ConnectGetCapabilities, Access.Read, async (client, call, ct) =>
        {
            string xml = await Wire.Driver(client).GetCapabilitiesAsync(ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteString(w, xml));
        });

        table.Add(RemoteProcedure.ConnectGetDomainCapabilities, Access.Read, async (client, call, ct) =>
        {
            var (emulator, arch, machine, virtType) = ReadDomainCapabilitiesArgs(call);
            string xml = await Wire.Driver(client).GetDomainCapabilitiesAsync(emulator, arch, machine, virtType, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteString(w, xml));
        });

        table.Add(RemoteProcedure.NodeGetInfo, Access.Read, async (client, call, ct) =>
        {
            var n = await Wire.Driver(client).GetNodeInfoAsync(ct).ConfigureAwait(false);
            return Reply(call, w =>
            {
                w.WriteFixedCharString(n.CpuModel.Length > RemoteLimits.NodeModelLength - 1 ? n.CpuModel[..(RemoteLimits.NodeModelLength - 1)] : n.CpuModel, RemoteLimits.NodeModelLength);
                w.WriteUInt64(n.MemoryKiB);
                w.WriteInt32(n.Cpus);
                w.WriteInt32(n.MhZ);
                w.WriteInt32(n.Nodes);
                w.WriteInt32(n.Sockets);
                w.WriteInt32(n.CoresPerSocket);
                w.WriteInt32(n.ThreadsPerCore);
            });
        });

        table.Add(RemoteProcedure.NodeGetSecurityModel, Access.Read, (_, call, _) =>
            ValueTask.FromResult(Reply(call, w =>
            {
                w.WriteCharString("", RemoteLimits.SecurityModelMax); // no security driver, as libvirt's "none"
                w.WriteCharString("", RemoteLimits.SecurityDoiMax);
            })));

        table.Add(RemoteProcedure.ConnectRegisterCloseCallback, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call)));
        table.Add(RemoteProcedure.ConnectUnregisterCloseCallback, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call)));
    }

    private static (string?, string?, string?, string?) ReadDomainCapabilitiesArgs(Message call)
    {
        var reader = call.PayloadReader();
        string? emulator = Wire.ReadOptionalString(ref reader);
        string? arch = Wire.ReadOptionalString(ref reader);
        string? machine = Wire.ReadOptionalString(ref reader);
        string? virtType = Wire.ReadOptionalString(ref reader);
        return (emulator, arch, machine, virtType);
    }
}
