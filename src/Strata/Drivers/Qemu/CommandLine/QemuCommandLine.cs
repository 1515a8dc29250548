using Strata.Domains;
using static Strata.Drivers.Qemu.CommandLine.QemuOptions;

namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>
/// Builds the QEMU command line for a domain definition, the way libvirt's QEMU driver does: <c>-nodefaults</c>,
/// every device explicit, PCI addresses assigned up front, QMP on a UNIX socket.
/// </summary>
public static partial class QemuCommandLine
{
    /// <summary>libvirt aligns guest memory to 1 MiB for x86 machines at start.</summary>
    private const ulong MemoryAlignmentKiB = 1024;

    /// <summary>
    /// The arguments after the emulator path. Calls <see cref="Validate"/> first.
    /// </summary>
    /// <exception cref="InvalidDefinitionException">The definition cannot run in this context.</exception>
    public static IReadOnlyList<string> Build(DomainDefinition definition, QemuLaunchContext context)
    {
        Validate(definition, context);
        var builder = new ArgumentsBuilder(definition, context);
        return builder.Build();
    }

    /// <summary>The argument list as one line per argument, for logs and golden files.</summary>
    public static string ToText(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return string.Join('\n', arguments) + "\n";
    }

    /// <summary>The QMP chardev label of a serial port's host side (QMP <c>query-chardev</c> reports its pty path).</summary>
    public static string SerialChardevId(ChardevDefinition serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        return "charserial" + Num(serial.TargetPort);
    }

    /// <summary>The QMP chardev label of the <paramref name="index"/>-th console when it is a virtio console.</summary>
    public static string ConsoleChardevId(int index) => "charconsole" + Num(index);

    /// <summary>
    /// Where a controller that is part of the machine itself sits (pc's IDE at 1.1, q35's first AHCI at 0x1f.2,
    /// the PCI root at 0.0), or null for a controller that Strata creates as a device.
    /// </summary>
    internal static DeviceAddress? BuiltInAddress(ControllerDefinition controller, MachineFamily family) => controller switch
    {
        { Type: ControllerType.Pci } => DeviceAddress.ForPci(0, 0, 0),
        { Type: ControllerType.Ide } when family == MachineFamily.Pc => DeviceAddress.ForPci(0, 1, 1),
        { Type: ControllerType.Sata, Index: 0 } when family == MachineFamily.Q35 => DeviceAddress.ForPci(0, 0x1f, 2),
        _ => null,
    };

    internal static long AlignedMemoryKiB(ulong kib) =>
        (long)((kib + MemoryAlignmentKiB - 1) / MemoryAlignmentKiB * MemoryAlignmentKiB);
}
