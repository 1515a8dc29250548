using System.Globalization;

namespace Strata.Cli.Shell;

/// <summary>CPU time as virsh prints it: seconds with one decimal and an "s", rounded as printf's %.1lf rounds.</summary>
internal static class CpuSeconds
{
    // "F1" rounds the binary value, as printf does; "0.0" rounds the shortest decimal form (2.25 → 2.3, printf: 2.2).
    public static string Format(ulong nanoseconds) => (nanoseconds / 1e9).ToString("F1", CultureInfo.InvariantCulture) + "s";
}
