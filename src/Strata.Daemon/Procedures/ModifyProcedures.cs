using Strata.Protocol;
using static Strata.Daemon.ProcedureTable;

namespace Strata.Daemon.Procedures;

/// <summary>
/// Changing a domain's definitions: memory, vCPUs and devices (virsh's setmem, setmaxmem, setvcpus, attach-* and
/// detach-*). The calls without flags are libvirt's older forms: they change the running domain, except
/// set_max_memory, which changes the current definition.
/// </summary>
internal static class ModifyProcedures
{
    public static void Register(ProcedureTable table)
    {
        table.Add(RemoteCalls.DomainSetMemory, Access.Write, (client, args, ct) =>
            Done(Wire.Driver(client).SetMemoryAsync(args.Dom.ToDomainRef(), args.Memory, maximum: false, DomainModification.Live, ct)));
        table.Add(RemoteCalls.DomainSetMaxMemory, Access.Write, (client, args, ct) =>
            Done(Wire.Driver(client).SetMemoryAsync(args.Dom.ToDomainRef(), args.Memory, maximum: true, DomainModification.Current, ct)));
        table.Add(RemoteCalls.DomainSetMemoryFlags, Access.Write, (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, ModificationFlags.Impact | ModificationFlags.Maximum, "qemuDomainSetMemoryFlags");
            return Done(Wire.Driver(client).SetMemoryAsync(args.Dom.ToDomainRef(), args.Memory,
                (args.Flags & ModificationFlags.Maximum) != 0, Impact(args.Flags), ct));
        });

        table.Add(RemoteCalls.DomainSetVcpus, Access.Write, (client, args, ct) =>
            Done(Wire.Driver(client).SetVcpusAsync(args.Dom.ToDomainRef(), Count(args.Nvcpus), maximum: false, DomainModification.Live, ct)));
        table.Add(RemoteCalls.DomainSetVcpusFlags, Access.Write, (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, ModificationFlags.Impact | ModificationFlags.Maximum | ModificationFlags.VcpuGuest | ModificationFlags.VcpuHotpluggable,
                "qemuDomainSetVcpusFlags");
            if ((args.Flags & ModificationFlags.VcpuGuest) != 0)
                throw new StrataException(ErrorCode.ArgumentUnsupported, "argument unsupported: QEMU guest agent is not configured");
            return Done(Wire.Driver(client).SetVcpusAsync(args.Dom.ToDomainRef(), Count(args.Nvcpus),
                (args.Flags & ModificationFlags.Maximum) != 0, Impact(args.Flags), ct));
        });

        table.Add(RemoteCalls.DomainAttachDevice, Access.Write, (client, args, ct) =>
            Done(Wire.Driver(client).AttachDeviceAsync(args.Dom.ToDomainRef(), args.Xml, DomainModification.Live, ct)));
        table.Add(RemoteCalls.DomainAttachDeviceFlags, Access.Write, (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, ModificationFlags.Impact, "qemuDomainAttachDeviceLiveAndConfig");
            return Done(Wire.Driver(client).AttachDeviceAsync(args.Dom.ToDomainRef(), args.Xml, Impact(args.Flags), ct));
        });
        table.Add(RemoteCalls.DomainDetachDevice, Access.Write, (client, args, ct) =>
            Done(Wire.Driver(client).DetachDeviceAsync(args.Dom.ToDomainRef(), args.Xml, DomainModification.Live, ct)));
        table.Add(RemoteCalls.DomainDetachDeviceFlags, Access.Write, (client, args, ct) =>
        {
            Wire.RequireFlags(args.Flags, ModificationFlags.Impact, "qemuDomainDetachDeviceLiveAndConfig");
            return Done(Wire.Driver(client).DetachDeviceAsync(args.Dom.ToDomainRef(), args.Xml, Impact(args.Flags), ct));
        });
    }

    private static DomainModification Impact(uint flags) => (DomainModification)(flags & ModificationFlags.Impact);

    // libvirt's public API refuses zero before any driver sees it; a count past int is no count any domain has.
    private static int Count(uint nvcpus) => nvcpus is 0 or > int.MaxValue
        ? throw new StrataException(ErrorCode.InvalidArg, "invalid argument: nvcpus in virDomainSetVcpusFlags must not be zero")
        : (int)nvcpus;

    private static async ValueTask<XdrVoid> Done(Task change)
    {
        await change.ConfigureAwait(false);
        return XdrVoid.Value;
    }
}
