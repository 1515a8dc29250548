using System.Globalization;
using Strata.Domains;

namespace Strata.Pools;

/// <summary>virsh's scaled integers for sizes ("10G", "512MiB", "1000KB"): bytes when no suffix is given.</summary>
public static class StorageSize
{
    /// <summary>Bytes in <paramref name="text"/>; an invalid-argument error naming the suffix or number that is wrong.</summary>
    public static ulong Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            digits++;
        if (digits == 0 || !ulong.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: malformed size '{text}'");
        string suffix = text[digits..];
        ulong scale;
        try
        {
            scale = suffix.Length == 0 || suffix.Equals("byte", StringComparison.OrdinalIgnoreCase) ? 1 : MemoryUnits.Scale(suffix, "size");
        }
        catch (InvalidDefinitionException)
        {
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: unknown suffix '{suffix}'");
        }
        try
        {
            return checked(value * scale);
        }
        catch (OverflowException)
        {
            throw new StrataException(ErrorCode.InvalidArg, $"invalid argument: size '{text}' is too large");
        }
    }
}
