using System.Globalization;

namespace Strata.Host;

/// <summary>The first processor's entry of /proc/cpuinfo (x86 layout), and the number of processor entries.</summary>
internal sealed record CpuInfo(
    string? ModelName, string? VendorId, double? MHz, IReadOnlySet<string> Flags, int Processors,
    int? Family = null, int? Model = null, int? Stepping = null, string? Microcode = null)
{
    public static CpuInfo Parse(string? text)
    {
        string? model = null, vendor = null, microcode = null;
        int? family = null, modelNumber = null, stepping = null;
        double? mhz = null;
        HashSet<string> flags = new(StringComparer.Ordinal);
        int processors = 0;
        bool first = true;
        foreach (var line in (text ?? "").AsSpan().EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.SequenceEqual("processor"))
            {
                first = processors == 0;
                processors++;
                continue;
            }
            if (!first) continue;
            if (key.SequenceEqual("model name")) model = value.ToString();
            else if (key.SequenceEqual("vendor_id")) vendor = value.ToString();
            else if (key.SequenceEqual("cpu MHz") && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) mhz = parsed;
            else if (key.SequenceEqual("cpu family")) family = ParseInt(value);
            else if (key.SequenceEqual("model")) modelNumber = ParseInt(value);
            else if (key.SequenceEqual("stepping")) stepping = ParseInt(value);
            else if (key.SequenceEqual("microcode")) microcode = value.ToString();
            else if (key.SequenceEqual("flags"))
                foreach (var range in value.Split(' '))
                    if (value[range].Length > 0) flags.Add(value[range].ToString());
        }
        return new CpuInfo(model, vendor, mhz, flags, processors, family, modelNumber, stepping, microcode);
    }

    private static int? ParseInt(ReadOnlySpan<char> text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
}
