namespace Strata.Domains;

/// <summary>
/// The names of a domain's character devices, as libvirt's QEMU driver gives them: the user's alias
/// (<c>ua-…</c>) when the definition has one, else <c>serialN</c> and <c>consoleN</c> by position. Live XML shows
/// them, and <c>console --devname NAME</c> takes them.
/// </summary>
public static class ChardevAliases
{
    /// <summary>What every user alias starts with: libvirt keeps no other alias from a definition.</summary>
    public const string UserPrefix = "ua-";

    /// <summary>Whether <paramref name="name"/> is a user alias libvirt keeps: <c>ua-</c>, then letters, digits, '_' or '-'.</summary>
    public static bool IsUserAlias(string? name) =>
        name is not null && name.StartsWith(UserPrefix, StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>The name of the <paramref name="index"/>-th serial port.</summary>
    public static string Serial(DomainDevices devices, int index)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return devices.Serials[index].Alias ?? "serial" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The name live XML shows for the <paramref name="index"/>-th console: a serial console shows its serial
    /// port's name, since it is that port seen again.
    /// </summary>
    public static string Console(DomainDevices devices, int index)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var console = devices.Consoles[index];
        int serial = IsSerialConsole(console) ? MirroredSerial(devices, console) : -1;
        return serial >= 0 ? Serial(devices, serial) : OwnConsoleName(console, index);
    }

    /// <summary>
    /// The device <c>console --devname</c> opens: the first console or else the first serial port when
    /// <paramref name="name"/> is null; else the console, then the serial port, of that name (a serial console
    /// is also found as <c>consoleN</c>, its name inside libvirt). Null when nothing has that name.
    /// </summary>
    public static ConsoleDevice? Find(DomainDevices devices, string? name)
    {
        ArgumentNullException.ThrowIfNull(devices);
        for (int i = 0; i < devices.Consoles.Count; i++)
        {
            if (name is null || OwnConsoleName(devices.Consoles[i], i) == name)
                return ConsoleAt(devices, i);
        }
        for (int i = 0; i < devices.Serials.Count; i++)
        {
            if (name is null || Serial(devices, i) == name)
                return new ConsoleDevice(Serial(devices, i), devices.Serials[i]);
        }
        return null;
    }

    private static ConsoleDevice ConsoleAt(DomainDevices devices, int index)
    {
        var console = devices.Consoles[index];
        // A serial console has no host side of its own: it is its serial port's.
        int serial = IsSerialConsole(console) ? MirroredSerial(devices, console) : -1;
        return serial >= 0
            ? new ConsoleDevice(Serial(devices, serial), devices.Serials[serial])
            : new ConsoleDevice(OwnConsoleName(console, index), console);
    }

    private static bool IsSerialConsole(ChardevDefinition console) => console.TargetType == "serial";

    private static int MirroredSerial(DomainDevices devices, ChardevDefinition console) =>
        devices.Serials.ToList().FindIndex(s => s.TargetPort == console.TargetPort);

    // A serial console's user alias is its serial port's (the definition copies it), so only a virtio console's counts.
    private static string OwnConsoleName(ChardevDefinition console, int index) =>
        (IsSerialConsole(console) ? null : console.Alias) ?? "console" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A character device found by name: the name, and the device that holds its host side.</summary>
public sealed record ConsoleDevice(string Name, ChardevDefinition Chardev);
