using System.Globalization;

namespace Strata.Domains;

/// <summary>libvirt's scaled integers: a value with a <c>unit</c> attribute, stored in KiB.</summary>
internal static class MemoryUnits
{
    private const ulong KiB = 1024;

    /// <summary>Converts <paramref name="text"/> in <paramref name="unit"/> (null meaning KiB) to KiB, rounding up as libvirt does.</summary>
    public static ulong ToKiB(string text, string? unit, string element)
    {
        string trimmed = text.Trim();
        if (!ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            throw XmlChecks.Invalid($"invalid value '{trimmed}' for <{element}>: expected an unsigned integer");
        }
        ulong scale = Scale(unit, element);
        ulong bytes;
        try
        {
            bytes = checked(value * scale);
        }
        catch (OverflowException)
        {
            throw XmlChecks.Invalid($"value '{trimmed}' of <{element}> is too large");
        }
        // Round up to whole KiB (libvirt's VIR_DIV_UP).
        return (bytes / KiB) + (bytes % KiB == 0 ? 0UL : 1UL);
    }

    /// <summary>The number of bytes in one <paramref name="unit"/>; decimal units (KB, MB, …) are powers of 1000.</summary>
    public static ulong Scale(string? unit, string element)
    {
        if (unit is null || unit.Length == 0)
        {
            return KiB;
        }
        if (unit.Equals("b", StringComparison.OrdinalIgnoreCase) || unit.Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }
        ulong powerBase;
        if (unit.Length == 1 || unit.AsSpan(1).Equals("iB", StringComparison.OrdinalIgnoreCase))
        {
            powerBase = 1024;
        }
        else if (unit.Length == 2 && (unit[1] == 'B' || unit[1] == 'b'))
        {
            powerBase = 1000;
        }
        else
        {
            throw UnknownUnit(unit, element);
        }
        int exponent = char.ToLowerInvariant(unit[0]) switch
        {
            'k' => 1,
            'm' => 2,
            'g' => 3,
            't' => 4,
            'p' => 5,
            'e' => 6,
            _ => throw UnknownUnit(unit, element),
        };
        ulong scale = 1;
        for (int i = 0; i < exponent; i++)
        {
            scale *= powerBase;
        }
        return scale;
    }

    private static InvalidDefinitionException UnknownUnit(string unit, string element) =>
        new($"XML error: unknown unit '{unit}' in <{element}> (expected b, bytes, KB, k, KiB, MB, M, MiB, GB, G, GiB, TB, T, TiB, PB, P, PiB, EB, E or EiB)");
}
