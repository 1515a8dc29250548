namespace Strata;

/// <summary>libvirt's error numbers (virterror.h), so that the wire protocol and virsh see the codes they know.</summary>
public enum ErrorCode
{
    InternalError = 1,
    NoSupport = 3,
    NoConnect = 5,
    InvalidArg = 8,
    OperationFailed = 9,
    NoName = 21,
    XmlError = 27,
    DomainExists = 28,
    OperationDenied = 29,
    XmlDetail = 35,
    SystemError = 38,
    NoDomain = 42,
    NoStoragePool = 49,
    NoStorageVolume = 50,
    OperationInvalid = 55,
    ConfigUnsupported = 67,
    OperationTimeout = 68,
    ArgumentUnsupported = 74,
    OperationUnsupported = 84,
    ResourceBusy = 87,
    StorageVolumeExists = 90,
    DeviceMissing = 99,
}

/// <summary>Every error Strata reports; the message is what a user sees after <c>error: </c>.</summary>
public class StrataException(ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The libvirt error number this error maps to.</summary>
    public ErrorCode Code { get; } = code;

    /// <summary>
    /// Whether libvirt reports this error from its code common to every driver (VIR_FROM_DOMAIN: parsing a domain's
    /// XML, a name or UUID already taken, the check that a domain runs) rather than from the driver of the call.
    /// </summary>
    public bool FromDomainCode { get; init; }
}

/// <summary>No domain matches the name, UUID or id asked for.</summary>
public sealed class DomainNotFoundException(string message)
    : StrataException(ErrorCode.NoDomain, $"Domain not found: {message}");

/// <summary>A domain definition that is malformed or names something Strata cannot honour.</summary>
public sealed class InvalidDefinitionException(string message, ErrorCode code = ErrorCode.XmlError)
    : StrataException(code, message);

/// <summary>The operation does not fit the domain's current state (starting a running domain, …).</summary>
public sealed class OperationInvalidException(string message)
    : StrataException(ErrorCode.OperationInvalid, $"Requested operation is not valid: {message}");

/// <summary>The console device already has a session (<c>console --force</c> takes it over), as libvirt refuses it.</summary>
public sealed class ConsoleBusyException()
    : StrataException(ErrorCode.OperationFailed, "operation failed: Active console session exists for this domain");

/// <summary>Another session took the console over (<c>console --force</c>): this one ends, saying so.</summary>
public sealed class ConsoleTakenOverException()
    : StrataException(ErrorCode.OperationFailed, "operation failed: the console was taken over by another session (--force)");

/// <summary>Another process holds the domain's lock.</summary>
public sealed class DomainBusyException(string message)
    : StrataException(ErrorCode.OperationTimeout, $"Timed out during operation: {message}");

/// <summary>A URI that names no known driver, or a driver that cannot run here.</summary>
public sealed class ConnectionException(string message)
    : StrataException(ErrorCode.NoConnect, message);

/// <summary>The hypervisor (QEMU) failed or went away while carrying out an operation.</summary>
public sealed class HypervisorException(string message, Exception? inner = null)
    : StrataException(ErrorCode.OperationFailed, $"operation failed: {message}", inner);

/// <summary>No storage pool matches the name or UUID asked for.</summary>
public sealed class PoolNotFoundException(string message)
    : StrataException(ErrorCode.NoStoragePool, $"Storage pool not found: {message}");

/// <summary>No storage volume matches the name, key or path asked for.</summary>
public sealed class VolumeNotFoundException(string message)
    : StrataException(ErrorCode.NoStorageVolume, $"Storage volume not found: {message}");

/// <summary>The steps of a volume upload or download through a daemon, which virsh names when one fails.</summary>
public enum TransferStage
{
    /// <summary>The daemon refused the transfer (virStorageVolUpload, virStorageVolDownload).</summary>
    Open,

    /// <summary>The bytes in flight (virStreamSendAll, virStreamRecvAll).</summary>
    Data,

    /// <summary>The daemon's confirmation that all was written (virStreamFinish).</summary>
    Finish,
}

/// <summary>A volume transfer through a daemon failed at <see cref="Stage"/>; the code and message are the daemon's error.</summary>
public sealed class VolumeTransferException(TransferStage stage, StrataException error)
    : StrataException(error.Code, error.Message, error)
{
    /// <summary>The step that failed.</summary>
    public TransferStage Stage { get; } = stage;
}
