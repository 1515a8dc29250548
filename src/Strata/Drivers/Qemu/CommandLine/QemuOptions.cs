using System.Globalization;

namespace Strata.Drivers.Qemu.CommandLine;

/// <summary>Helpers for QEMU's <c>key=value,key=value</c> option syntax.</summary>
internal static class QemuOptions
{
    /// <summary>Escapes a value for a comma-separated option list (a literal comma is written twice).</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);

    /// <summary>Joins <c>key=value</c> pairs, skipping null values; the first item may be a bare word (a driver name).</summary>
    public static string Join(string head, params (string Key, string? Value)[] pairs)
    {
        var parts = new List<string> { head };
        foreach ((string key, string? value) in pairs)
        {
            if (value is not null)
            {
                parts.Add($"{key}={value}");
            }
        }
        return string.Join(',', parts);
    }

    /// <summary>A PCI address as QEMU's <c>addr=</c> wants it: <c>0x3</c> or <c>0x1.0x2</c>.</summary>
    public static string PciAddr(int slot, int function) =>
        function == 0
            ? string.Create(CultureInfo.InvariantCulture, $"0x{slot:x}")
            : string.Create(CultureInfo.InvariantCulture, $"0x{slot:x}.0x{function:x}");

    /// <summary>An integer in invariant culture.</summary>
    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
