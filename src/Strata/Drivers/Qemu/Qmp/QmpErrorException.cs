namespace Strata.Drivers.Qemu.Qmp;

/// <summary>
/// QEMU answered a QMP command with an error reply (<c>{"error":{"class":…,"desc":…}}</c>). The message reads as
/// libvirt's for the same case: "internal error: unable to execute QEMU command 'X': DESC".
/// </summary>
public sealed class QmpErrorException(string command, string errorClass, string description)
    : StrataException(ErrorCode.InternalError, $"internal error: unable to execute QEMU command '{command}': {description}")
{
    /// <summary>The command that failed.</summary>
    public string Command { get; } = command;

    /// <summary>QMP's error class: GenericError, CommandNotFound, DeviceNotActive, DeviceNotFound, KVMMissingCap.</summary>
    public string ErrorClass { get; } = errorClass;

    /// <summary>QEMU's human-readable description of the error.</summary>
    public string Description { get; } = description;
}
