using Strata.Drivers;
using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>Finding, defining and running domains: each procedure is one call on the client's driver.</summary>
internal static class DomainProcedures
{
    // virConnectListAllDomainsFlags: the activity and persistence pairs map onto DomainListFilter, for the driver's
    // listing; DomainFilter checks the rest.
    private const uint ActivityAndPersistence = 0xF;

    public static void Register(ProcedureTable table)
    {
        var listings = new ListingReplies();
        table.AddEncoded(RemoteCalls.ConnectListAllDomains, Access.Read, async (client, args, ct) =>
        {
            uint flags = (uint)args.Flags;
            var driver = Wire.Driver(client);
            var listing = await driver.ListDomainsAsync((DomainListFilter)(flags & ActivityAndPersistence), ct).ConfigureAwait(false);
            return listings.Get(driver, flags, args.NeedResults, listing, () =>
            {
                var domains = listing.Where(d => DomainFilter.Matches((ListAllDomainsFlags)flags, d)).ToList();
                return new ConnectListAllDomainsRet(args.NeedResults ? [.. domains.Select(d => RemoteDomain.From(d.Domain))] : [], (uint)domains.Count);
            });
        });

        table.Add(RemoteCalls.ConnectNumOfDomains, Access.Read, async (client, _, ct) =>
            new IntValue((await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Active, ct).ConfigureAwait(false)).Count));
        table.Add(RemoteCalls.ConnectListDomains, Access.Read, async (client, max, ct) =>
            new ConnectListDomainsRet([.. (await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Active, ct).ConfigureAwait(false)).Take(max.Value).Select(d => d.Domain.Id)]));
        table.Add(RemoteCalls.ConnectNumOfDefinedDomains, Access.Read, async (client, _, ct) =>
            new IntValue((await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Inactive, ct).ConfigureAwait(false)).Count));
        table.Add(RemoteCalls.ConnectListDefinedDomains, Access.Read, async (client, max, ct) =>
            new StringListValue([.. (await Wire.Driver(client).ListDomainsAsync(DomainListFilter.Inactive, ct).ConfigureAwait(false)).Take(max.Value).Select(d => d.Domain.Name)]));

        table.Add(RemoteCalls.DomainLookupByName, Access.Read, async (client, name, ct) =>
            Wire.Domain(await Wire.Driver(client).LookupByNameAsync(name.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainLookupByUuid, Access.Read, async (client, uuid, ct) =>
            Wire.Domain(await Wire.Driver(client).LookupByUuidAsync(uuid.Uuid, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainLookupById, Access.Read, async (client, id, ct) =>
            Wire.Domain(await Wire.Driver(client).LookupByIdAsync(id.Value, ct).ConfigureAwait(false)));

        table.Add(RemoteCalls.DomainDefineXml, Access.Write, async (client, xml, ct) =>
            Wire.Domain(await Wire.Driver(client).DefineAsync(xml.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainDefineXmlFlags, Access.Write, async (client, args, ct) =>
            Wire.Domain(await Wire.Driver(client).DefineAsync(args.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainCreateXml, Access.Write, async (client, args, ct) =>
            Wire.Domain(await Wire.Driver(client).CreateAsync(args.Value, ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainCreateWithFlags, Access.Write, async (client, args, ct) =>
            Wire.Domain(await Wire.Driver(client).StartAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)));

        OnDomain(table, RemoteCalls.DomainCreate, (d, dom, ct) => d.StartAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainUndefine, (d, dom, ct) => d.UndefineAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainUndefineFlags, (d, dom, ct) => d.UndefineAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainShutdown, (d, dom, ct) => d.ShutdownAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainShutdownFlags, (d, dom, ct) => d.ShutdownAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainDestroy, (d, dom, ct) => d.DestroyAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainDestroyFlags, (d, dom, ct) => d.DestroyAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainReboot, (d, dom, ct) => d.RebootAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainReset, (d, dom, ct) => d.ResetAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainSuspend, (d, dom, ct) => d.SuspendAsync(dom, ct));
        OnDomain(table, RemoteCalls.DomainResume, (d, dom, ct) => d.ResumeAsync(dom, ct));

        table.Add(RemoteCalls.DomainSetAutostart, Access.Write, async (client, args, ct) =>
        {
            await Wire.Driver(client).SetAutostartAsync(args.Dom.ToDomainRef(), args.Autostart, ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });

        table.Add(RemoteCalls.DomainGetInfo, Access.Read, async (client, args, ct) =>
        {
            var info = await Wire.Driver(client).GetInfoAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false);
            return new DomainGetInfoRet((byte)info.Status.State, info.MaxMemoryKiB, info.MemoryKiB, (ushort)info.Vcpus, info.CpuTimeNs);
        });

        table.Add(RemoteCalls.DomainGetState, Access.Read, async (client, args, ct) =>
        {
            var status = await Wire.Driver(client).GetStatusAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false);
            return new DomainGetStateRet((int)status.State, status.Reason);
        });

        table.Add(RemoteCalls.DomainGetXmlDesc, Access.Read, async (client, args, ct) =>
        {
            const uint inactiveFlag = 2; // VIR_DOMAIN_XML_INACTIVE
            return new StringValue(await Wire.Driver(client).GetXmlAsync(args.Dom.ToDomainRef(), (args.Flags & inactiveFlag) != 0, ct).ConfigureAwait(false));
        });

        table.Add(RemoteCalls.DomainGetAutostart, Access.Read, async (client, args, ct) =>
            Wire.Bool(await Wire.Driver(client).GetAutostartAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainGetOsType, Access.Read, async (client, args, ct) =>
            new StringValue(await Wire.Driver(client).GetOsTypeAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainIsActive, Access.Read, async (client, args, ct) =>
            Wire.Bool((await Wire.Driver(client).GetStatusAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)).IsActive));
        table.Add(RemoteCalls.DomainIsPersistent, Access.Read, async (client, args, ct) =>
            Wire.Bool(await Wire.Driver(client).IsPersistentAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)));
        table.Add(RemoteCalls.DomainIsUpdated, Access.Read, (_, _, _) => Done(Wire.Bool(false)));
        table.Add(RemoteCalls.DomainGetMaxMemory, Access.Read, async (client, args, ct) =>
            new UInt64Value((await Wire.Driver(client).GetInfoAsync(args.Dom.ToDomainRef(), ct).ConfigureAwait(false)).MaxMemoryKiB));

        // virsh dominfo asks for the messages (taints, deprecations) QEMU logged for a domain: Strata keeps none.
        table.Add(RemoteCalls.DomainGetMessages, Access.Read, (_, _, _) => Done(new StringListValue([])));
        table.Add(RemoteCalls.DomainSnapshotNum, Access.Read, (_, _, _) => Done(new IntValue(0)));
        table.Add(RemoteCalls.DomainHasManagedSaveImage, Access.Read, (_, _, _) => Done(Wire.Bool(false)));
        table.Add(RemoteCalls.DomainGetSecurityLabel, Access.Read, (_, _, _) => Done(new DomainGetSecurityLabelRet("", 0)));
    }

    /// <summary>A procedure that acts on one domain and returns nothing; flags, where the call has them, are none Strata knows.</summary>
    private static void OnDomain<TArgs>(ProcedureTable table, RemoteCall<TArgs, XdrVoid> call, Func<IDriver, DomainRef, CancellationToken, Task> action)
        where TArgs : IXdrType<TArgs>, IDomainArguments =>
        table.Add(call, Access.Write, async (client, args, ct) =>
        {
            await action(Wire.Driver(client), args.Dom.ToDomainRef(), ct).ConfigureAwait(false);
            return XdrVoid.Value;
        });
}
