using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Finding, defining and running domains: each procedure is one call on the client's driver.</summary>
internal static class DomainProcedures
{
    // virConnectListAllDomainsFlags: the activity and persistence pairs map onto DomainListFilter; the rest are
    // checked here. A domain never has a managed save image, a snapshot or a checkpoint in Strata (yet).
    private const uint ActivityAndPersistence = 0xF;
    private const uint StateRunning = 1 << 4, StatePaused = 1 << 5, StateShutoff = 1 << 6, StateOther = 1 << 7;
    private const uint ManagedSave = 1 << 8, Autostart = 1 << 10, NoAutostart = 1 << 11, HasSnapshot = 1 << 12, HasCheckpoint = 1 << 14;

    private static bool Matches(uint flags, DomainSummary d)
    {
        uint states = flags & (StateRunning | StatePaused | StateShutoff | StateOther);
        if (states != 0)
        {
            uint mine = d.Status.State switch
            {
                DomainState.Running => StateRunning,
                DomainState.Paused => StatePaused,
                DomainState.Shutoff => StateShutoff,
                _ => StateOther,
            };
            if ((states & mine) == 0)
                return false;
        }
        if ((flags & (Autostart | NoAutostart)) is var auto && auto != 0 && auto != (Autostart | NoAutostart)
            && d.Autostart != ((auto & Autostart) != 0))
            return false;
        return (flags & (ManagedSave | HasSnapshot | HasCheckpoint)) == 0;
    }

    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteProcedure.ConnectListAllDomains, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            bool needResults = reader.ReadInt32() != 0;
            uint flags = reader.ReadUInt32();
            var domains = (await Wire.Driver(client).ListDomainsAsync((DomainListFilter)(flags & ActivityAndPersistence), ct).ConfigureAwait(false))
                .Where(d => Matches(flags, d)).ToList();
            return Reply(call, w =>
            {
                var list = needResults ? domains.Select(d => RemoteDomain.From(d.Domain)).ToList() : [];
                w.WriteArray(list, RemoteLimits.DomainListMax);
                w.WriteUInt32((uint)domains.Count);
            });
        });

        table.Add(RemoteProcedure.ConnectNumOfDomains, Access.Read, async (client, call, ct) =>
        {
            var active = await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Active, ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32(active.Count));
        });

        table.Add(RemoteProcedure.ConnectListDomains, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            int max = reader.ReadInt32();
            var active = await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Active, ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32Array(active.Take(max).Select(d => d.Domain.Id).ToList(), RemoteLimits.DomainListMax));
        });

        table.Add(RemoteProcedure.ConnectNumOfDefinedDomains, Access.Read, async (client, call, ct) =>
        {
            var inactive = await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Inactive, ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32(inactive.Count));
        });

        table.Add(RemoteProcedure.ConnectListDefinedDomains, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            int max = reader.ReadInt32();
            var inactive = await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Inactive, ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteStringArray(inactive.Take(max).Select(d => d.Domain.Name).ToList(), RemoteLimits.DomainListMax, RemoteLimits.StringMax));
        });

        table.Add(RemoteProcedure.DomainLookupByName, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            string name = Wire.ReadString(ref reader);
            var domain = await Wire.Driver(client).LookupByNameAsync(name, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteDomain(w, domain));
        });

        table.Add(RemoteProcedure.DomainLookupByUuid, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            Guid uuid = reader.ReadUuid();
            var domain = await Wire.Driver(client).LookupByUuidAsync(uuid, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteDomain(w, domain));
        });

        table.Add(RemoteProcedure.DomainLookupById, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            int id = reader.ReadInt32();
            var domain = await Wire.Driver(client).LookupByIdAsync(id, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteDomain(w, domain));
        });

        table.Add(RemoteProcedure.DomainDefineXml, Access.Write, (client, call, ct) => FromXmlAsync(client, call, (d, xml) => d.DefineAsync(xml, ct), flags: false));
        table.Add(RemoteProcedure.DomainDefineXmlFlags, Access.Write, (client, call, ct) => FromXmlAsync(client, call, (d, xml) => d.DefineAsync(xml, ct), flags: true));
        table.Add(RemoteProcedure.DomainCreateXml, Access.Write, (client, call, ct) => FromXmlAsync(client, call, (d, xml) => d.CreateAsync(xml, ct), flags: true));

        table.Add(RemoteProcedure.DomainCreate, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.StartAsync(dom, ct), flags: false));
        table.Add(RemoteProcedure.DomainCreateWithFlags, Access.Write, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            var domain = Wire.ReadDomain(ref reader);
            _ = reader.ReadUInt32();
            var started = await Wire.Driver(client).StartAsync(domain, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteDomain(w, started));
        });
        table.Add(RemoteProcedure.DomainUndefine, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.UndefineAsync(dom, ct), flags: false));
        table.Add(RemoteProcedure.DomainUndefineFlags, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.UndefineAsync(dom, ct), flags: true));
        table.Add(RemoteProcedure.DomainShutdown, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.ShutdownAsync(dom, ct), flags: false));
        table.Add(RemoteProcedure.DomainShutdownFlags, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.ShutdownAsync(dom, ct), flags: true));
        table.Add(RemoteProcedure.DomainDestroy, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.DestroyAsync(dom, ct), flags: false));
        table.Add(RemoteProcedure.DomainDestroyFlags, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.DestroyAsync(dom, ct), flags: true));
        table.Add(RemoteProcedure.DomainReboot, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.RebootAsync(dom, ct), flags: true));
        table.Add(RemoteProcedure.DomainReset, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.ResetAsync(dom, ct), flags: true));
        table.Add(RemoteProcedure.DomainSuspend, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.SuspendAsync(dom, ct), flags: false));
        table.Add(RemoteProcedure.DomainResume, Access.Write, (client, call, ct) => OnDomainAsync(client, call, (d, dom) => d.ResumeAsync(dom, ct), flags: false));

        table.Add(RemoteProcedure.DomainSetAutostart, Access.Write, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            var domain = Wire.ReadDomain(ref reader);
            bool autostart = reader.ReadInt32() != 0;
            await Wire.Driver(client).SetAutostartAsync(domain, autostart, ct).ConfigureAwait(false);
            return Reply(call);
        });

        table.Add(RemoteProcedure.DomainGetInfo, Access.Read, async (client, call, ct) =>
        {
            var info = await Wire.Driver(client).GetInfoAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w =>
            {
                w.WriteInt32((int)info.Status.State); // unsigned char, four bytes on the wire
                w.WriteUInt64(info.MaxMemoryKiB);
                w.WriteUInt64(info.MemoryKiB);
                w.WriteInt32(info.Vcpus); // unsigned short, four bytes on the wire
                w.WriteUInt64(info.CpuTimeNs);
            });
        });

        table.Add(RemoteProcedure.DomainGetState, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            var domain = Wire.ReadDomain(ref reader);
            _ = reader.ReadUInt32();
            var status = await Wire.Driver(client).GetStatusAsync(domain, ct).ConfigureAwait(false);
            return Reply(call, w =>
            {
                w.WriteInt32((int)status.State);
                w.WriteInt32(status.Reason);
            });
        });

        table.Add(RemoteProcedure.DomainGetXmlDesc, Access.Read, async (client, call, ct) =>
        {
            var reader = call.PayloadReader();
            var domain = Wire.ReadDomain(ref reader);
            uint flags = reader.ReadUInt32();
            const uint inactiveFlag = 2; // VIR_DOMAIN_XML_INACTIVE
            string xml = await Wire.Driver(client).GetXmlAsync(domain, (flags & inactiveFlag) != 0, ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteString(w, xml));
        });

        table.Add(RemoteProcedure.DomainGetAutostart, Access.Read, async (client, call, ct) =>
        {
            bool autostart = await Wire.Driver(client).GetAutostartAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32(autostart ? 1 : 0));
        });

        table.Add(RemoteProcedure.DomainGetOsType, Access.Read, async (client, call, ct) =>
        {
            string type = await Wire.Driver(client).GetOsTypeAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w => Wire.WriteString(w, type));
        });

        table.Add(RemoteProcedure.DomainIsActive, Access.Read, async (client, call, ct) =>
        {
            var status = await Wire.Driver(client).GetStatusAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32(status.IsActive ? 1 : 0));
        });

        table.Add(RemoteProcedure.DomainIsPersistent, Access.Read, async (client, call, ct) =>
        {
            bool persistent = await Wire.Driver(client).IsPersistentAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteInt32(persistent ? 1 : 0));
        });

        table.Add(RemoteProcedure.DomainIsUpdated, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call, w => w.WriteInt32(0))));

        table.Add(RemoteProcedure.DomainGetMaxMemory, Access.Read, async (client, call, ct) =>
        {
            var info = await Wire.Driver(client).GetInfoAsync(ReadDomainOnly(call), ct).ConfigureAwait(false);
            return Reply(call, w => w.WriteUInt64(info.MaxMemoryKiB));
        });

        // virsh dominfo asks for the messages (taints, deprecations) QEMU logged for a domain: Strata keeps none.
        table.Add(RemoteProcedure.DomainGetMessages, Access.Read, (_, call, _) =>
            ValueTask.FromResult(Reply(call, w => new StringListValue([]).Encode(w))));

        table.Add(RemoteProcedure.DomainSnapshotNum, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call, w => w.WriteInt32(0))));

        table.Add(RemoteProcedure.DomainHasManagedSaveImage, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call, w => w.WriteInt32(0))));

        table.Add(RemoteProcedure.DomainGetSecurityLabel, Access.Read, (_, call, _) => ValueTask.FromResult(Reply(call, w =>
        {
            w.WriteCharString("", RemoteLimits.SecurityLabelMax);
            w.WriteInt32(0);
        })));
    }

    private static DomainRef ReadDomainOnly(Message call)
    {
        var reader = call.PayloadReader();
        return Wire.ReadDomain(ref reader);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> FromXmlAsync(ClientSession client, Message call, Func<IDriver, string, Task<DomainRef>> action, bool flags)
    {
        var reader = call.PayloadReader();
        string xml = Wire.ReadString(ref reader);
        if (flags)
            _ = reader.ReadUInt32();
        var domain = await action(Wire.Driver(client), xml).ConfigureAwait(false);
        return Reply(call, w => Wire.WriteDomain(w, domain));
    }

    private static async ValueTask<ReadOnlyMemory<byte>> OnDomainAsync(ClientSession client, Message call, Func<IDriver, DomainRef, Task> action, bool flags)
    {
        var reader = call.PayloadReader();
        var domain = Wire.ReadDomain(ref reader);
        if (flags)
            _ = reader.ReadUInt32();
        await action(Wire.Driver(client), domain).ConfigureAwait(false);
        return Reply(call);
    }
}
