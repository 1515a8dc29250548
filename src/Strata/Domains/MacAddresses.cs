using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Strata.Domains;

/// <summary>MAC address checks and generation in QEMU's locally administered range.</summary>
internal static partial class MacAddresses
{
    /// <summary>The prefix libvirt uses for QEMU guests.</summary>
    public const string QemuPrefix = "52:54:00";

    /// <summary>A random <c>52:54:00:xx:xx:xx</c> address.</summary>
    public static string Generate()
    {
        Span<byte> tail = stackalloc byte[3];
        RandomNumberGenerator.Fill(tail);
        return string.Create(CultureInfo.InvariantCulture, $"{QemuPrefix}:{tail[0]:x2}:{tail[1]:x2}:{tail[2]:x2}");
    }

    /// <summary>Checks <paramref name="text"/> and returns it in lower case.</summary>
    public static string Normalize(string text)
    {
        if (!MacPattern().IsMatch(text))
        {
            throw XmlChecks.Invalid($"unable to parse mac address '{text}'");
        }
        string mac = text.ToLowerInvariant();
        int first = int.Parse(mac.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if ((first & 1) != 0)
        {
            throw XmlChecks.Invalid($"expected unicast mac address, found multicast '{text}'");
        }
        return mac;
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$", RegexOptions.CultureInvariant)]
    private static partial Regex MacPattern();
}
