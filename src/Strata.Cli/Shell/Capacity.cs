using System.Globalization;

namespace Strata.Cli.Shell;

/// <summary>
/// Sizes as virsh prints them: the largest binary unit below the value and two decimals ("196.00 KiB", "0.00 B"),
/// three where virsh prints three (domblkinfo --human).
/// </summary>
internal static class Capacity
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Pretty(ulong bytes, int decimals = 2)
    {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>With <c>--bytes</c>: "8388608 bytes"; otherwise pretty.</summary>
    public static string Format(ulong bytes, bool inBytes) =>
        inBytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes") : Pretty(bytes);

    /// <summary>virsh's "Label:" column of info commands, 15 wide.</summary>
    public static void Field(TextWriter output, string label, string value) => output.WriteLine($"{label + ":",-15} {value}");
}
