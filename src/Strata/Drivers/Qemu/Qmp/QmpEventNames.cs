namespace Strata.Drivers.Qemu.Qmp;

/// <summary>Names of the QMP events the QEMU driver acts on.</summary>
public static class QmpEventNames
{
    /// <summary>QEMU is shutting down (data: guest, reason); the process exits next unless -no-shutdown was given.</summary>
    public const string Shutdown = "SHUTDOWN";

    /// <summary>The ACPI power button was pressed (system_powerdown).</summary>
    public const string Powerdown = "POWERDOWN";

    /// <summary>The guest's vCPUs stopped.</summary>
    public const string Stop = "STOP";

    /// <summary>The guest's vCPUs resumed.</summary>
    public const string Resume = "RESUME";

    /// <summary>The machine was reset (data: guest, reason).</summary>
    public const string Reset = "RESET";

    /// <summary>The guest reported a panic (data: action, info).</summary>
    public const string GuestPanicked = "GUEST_PANICKED";

    /// <summary>The guest entered an ACPI suspend state (S3).</summary>
    public const string Suspend = "SUSPEND";

    /// <summary>The guest woke from suspend.</summary>
    public const string Wakeup = "WAKEUP";

    /// <summary>A device was removed after device_del (data: device, path).</summary>
    public const string DeviceDeleted = "DEVICE_DELETED";
}
