using Strata.Protocol;

namespace Strata.Daemon.Procedures;

/// <summary>Small readers and writers of the argument and reply fields the procedures share.</summary>
internal static class Wire
{
    public static DomainRef ReadDomain(ref XdrReader reader) => RemoteDomain.Decode(ref reader).ToDomainRef();

    public static void WriteDomain(XdrWriter writer, DomainRef domain) => RemoteDomain.From(domain).Encode(writer);

    public static void WriteString(XdrWriter writer, string value) => writer.WriteString(value, RemoteLimits.StringMax);

    public static string ReadString(ref XdrReader reader) => reader.ReadString(RemoteLimits.StringMax);

    public static string? ReadOptionalString(ref XdrReader reader) => reader.ReadOptionalString(RemoteLimits.StringMax);

    /// <summary>The calling client's driver (the table checks it is open before any handler runs).</summary>
    public static IDriver Driver(ClientSession client) => client.Driver!;
}
