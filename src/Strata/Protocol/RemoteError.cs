using System.Globalization;

namespace Strata.Protocol;

/// <summary>
/// The error a failed reply carries (<c>remote_error</c>, the same layout as <c>virNetMessageError</c>):
/// libvirt's virError fields, so that virsh prints <see cref="Message"/> after <c>error: </c>.
/// </summary>
public sealed record RemoteError(
    int Code,
    int Domain,
    string? Message,
    int Level = LibvirtErrors.LevelError,
    RemoteDomain? Dom = null,
    string? Str1 = null,
    string? Str2 = null,
    string? Str3 = null,
    int Int1 = 0,
    int Int2 = 0,
    RemoteNetwork? Net = null) : IXdrType<RemoteError>
{
    /// <summary>What libvirt puts in <see cref="Int1"/> and <see cref="Int2"/> when an error has no numbers to report.</summary>
    public const int NoNumber = -1;

    /// <summary>
    /// The error of a Strata exception: its libvirt code and message, reported by <paramref name="domain"/>
    /// (a <c>VIR_FROM_*</c> number); protocol errors are always reported by the RPC layer, as libvirtd does.
    /// </summary>
    public static RemoteError FromException(StrataException exception, int domain = LibvirtErrors.DomainRemote)
    {
        ArgumentNullException.ThrowIfNull(exception);
        int from = exception is ProtocolException ? LibvirtErrors.DomainRpc : domain;
        return new RemoteError((int)exception.Code, from, exception.Message, Str1: exception.Message, Int1: NoNumber, Int2: NoNumber);
    }

    /// <summary>What libvirtd answers to a procedure number its program does not have.</summary>
    public static RemoteError UnknownProcedure(int procedure) =>
        Rpc($"unknown procedure: {procedure}");

    /// <summary>What libvirtd answers to a call for a program or version it does not serve.</summary>
    public static RemoteError UnknownProgram(uint program, uint version) =>
        Rpc($"Cannot find program {program} version {version}");

    /// <summary>What libvirtd answers when a call's arguments do not decode.</summary>
    public static RemoteError UndecodablePayload() =>
        Rpc("Unable to decode message payload");

    // virReportError with VIR_ERR_RPC, whose format is "%s": the message goes in str2.
    private static RemoteError Rpc(string message) =>
        new(LibvirtErrors.Rpc, LibvirtErrors.DomainRpc, message, Str1: "%s", Str2: message, Int1: NoNumber, Int2: NoNumber);

    /// <summary>
    /// The error for an API the driver does not implement (<c>VIR_ERR_NO_SUPPORT</c>), field for field what libvirtd 9.0
    /// sends, given the C function's name (<c>virConnectGetDomainCapabilities</c>) and the part of libvirt that reports it
    /// (<see cref="RemoteProcedureFunctions.ErrorDomainOf"/>).
    /// </summary>
    public static RemoteError Unsupported(string function, int domain = LibvirtErrors.DomainDomain) =>
        new((int)ErrorCode.NoSupport, domain, string.Format(CultureInfo.InvariantCulture, UnsupportedFormat, function),
            Str1: UnsupportedFormat.Replace("{0}", "%s", StringComparison.Ordinal), Str2: function, Int1: NoNumber, Int2: NoNumber);

    private const string UnsupportedFormat = "this function is not supported by the connection driver: {0}";

    /// <summary>A Strata exception carrying this error's code and message.</summary>
    public StrataException ToException() =>
        new((ErrorCode)Code, Message ?? $"unknown error (code {Code})");

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Code);
        writer.WriteInt32(Domain);
        writer.WriteOptionalString(Message, RemoteLimits.StringMax);
        writer.WriteInt32(Level);
        writer.WriteOptional(Dom);
        writer.WriteOptionalString(Str1, RemoteLimits.StringMax);
        writer.WriteOptionalString(Str2, RemoteLimits.StringMax);
        writer.WriteOptionalString(Str3, RemoteLimits.StringMax);
        writer.WriteInt32(Int1);
        writer.WriteInt32(Int2);
        writer.WriteOptional(Net);
    }

    /// <inheritdoc/>
    public static RemoteError Decode(ref XdrReader reader) => new(
        Code: reader.ReadInt32(),
        Domain: reader.ReadInt32(),
        Message: reader.ReadOptionalString(RemoteLimits.StringMax),
        Level: reader.ReadInt32(),
        Dom: reader.ReadOptional<RemoteDomain>(),
        Str1: reader.ReadOptionalString(RemoteLimits.StringMax),
        Str2: reader.ReadOptionalString(RemoteLimits.StringMax),
        Str3: reader.ReadOptionalString(RemoteLimits.StringMax),
        Int1: reader.ReadInt32(),
        Int2: reader.ReadInt32(),
        Net: reader.ReadOptional<RemoteNetwork>());
}
