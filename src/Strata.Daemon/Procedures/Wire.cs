using Strata.Protocol;

namespace Strata.Daemon.Procedures;

/// <summary>What the procedures share between the wire structs and the driver contract.</summary>
internal static class Wire
{
    /// <summary>The calling client's driver (the table checks it is open before any handler runs).</summary>
    public static IDriver Driver(ClientSession client) => client.Driver!;

    public static DomainValue Domain(DomainRef domain) => new(RemoteDomain.From(domain));

    public static IntValue Bool(bool value) => new(value ? 1 : 0);

    /// <summary>
    /// libvirt's virCheckFlags: a flag the call does not know is an error, not silently dropped, worded without the
    /// "invalid argument: " of other invalid arguments.
    /// </summary>
    public static void RequireFlags(uint flags, uint known, string function)
    {
        if ((flags & ~known) != 0)
            throw new StrataException(ErrorCode.InvalidArg, $"unsupported flags (0x{flags & ~known:x}) in function {function}");
    }
}
