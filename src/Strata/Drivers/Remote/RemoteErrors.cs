using Strata.Protocol;

namespace Strata.Drivers.Remote;

/// <summary>
/// Turns a remote error into the same typed exception a local driver would throw, so front ends (and the CLI's
/// virsh-style messages) behave alike whether the driver is local or behind a daemon.
/// </summary>
internal static class RemoteErrors
{
    public static StrataException ToException(RemoteError error)
    {
        string message = error.Message ?? $"unknown error (code {error.Code})";
        return (ErrorCode)error.Code switch
        {
            ErrorCode.NoDomain => new DomainNotFoundException(Strip(message, "Domain not found: ")),
            ErrorCode.NoStoragePool => new PoolNotFoundException(Strip(message, "Storage pool not found: ")),
            ErrorCode.NoStorageVolume => new VolumeNotFoundException(Strip(message, "Storage volume not found: ")),
            ErrorCode.OperationInvalid => new OperationInvalidException(Strip(message, "Requested operation is not valid: ")),
            ErrorCode.XmlError or ErrorCode.XmlDetail or ErrorCode.NoName or ErrorCode.ConfigUnsupported => new InvalidDefinitionException(message, (ErrorCode)error.Code),
            _ => new StrataException((ErrorCode)error.Code, message),
        };
    }

    // The typed exceptions add libvirt's prefix themselves; a remote message already has it.
    private static string Strip(string message, string prefix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
}
