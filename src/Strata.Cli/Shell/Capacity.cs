using System.Globalization;

namespace Strata.Cli.Shell;

/// <summary>Sizes as virsh prints them: two decimals and the largest binary unit below the value ("196.00 KiB", "0.00 B").</summary>
internal static class Capacity
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Pretty(ulong bytes)
    {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:F2} {Units[unit]}");
    }

    /// <summary>With <c>--bytes</c>: "8388608 bytes"; otherwise pretty.</summary>
    public static string Format(ulong bytes, bool inBytes) =>
        inBytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes") : Pretty(bytes);

    /// <summary>virsh's "Label:" column of info commands, 15 wide.</summary>
    public static void Field(TextWriter output, string label, string value) => output.WriteLine($"{label + ":",-15} {value}");
}
