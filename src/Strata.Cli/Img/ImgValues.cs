using System.Globalization;
using Strata.Images;

namespace Strata.Cli.Img;

/// <summary>qemu-img's spellings of sizes and formats, both ways.</summary>
internal static class ImgValues
{
    private const string SizeSuffixes = "BKMGTPE";

    /// <summary>qemu rounds every new image up to whole 512-byte sectors.</summary>
    public const int SectorSize = 512;

    public const string InvalidSize = "Invalid image size specified. You may use k, M, G, T, P or E suffixes for kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";

    /// <summary>Parses "10G", "512M", "1.5G", "4096" (bytes) as qemu-img does; null when malformed or too large.</summary>
    public static long? ParseSize(string text)
    {
        if (text.Length == 0)
            return null;
        int shift = 0;
        string number = text;
        int suffix = SizeSuffixes.IndexOf(char.ToUpperInvariant(text[^1]), StringComparison.Ordinal);
        if (suffix >= 0)
        {
            shift = suffix * 10;
            number = text[..^1];
        }
        if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c == '.'))
            return null;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            return null;
        decimal bytes = value * (decimal)Math.Pow(2, shift);
        if (bytes > long.MaxValue || (shift == 0 && number.Contains('.', StringComparison.Ordinal)))
            return null;
        return (long)decimal.Ceiling(bytes);
    }

    public static long RoundUpToSector(long size) => (size + SectorSize - 1) / SectorSize * SectorSize;

    /// <summary>The format named by -f, -F or -O; null when not given.</summary>
    public static ImageFormat? ParseFormat(string? name) => name switch
    {
        null => null,
        "raw" => ImageFormat.Raw,
        "qcow2" => ImageFormat.Qcow2,
        _ => throw new ImgUsageException($"Unknown file format '{name}' (strata img knows raw and qcow2)"),
    };

    public static string Name(ImageFormat format) => format == ImageFormat.Qcow2 ? "qcow2" : "raw";

    /// <summary>qemu's size_to_str: three significant digits of the largest binary unit that keeps the number under 1000.</summary>
    public static string HumanSize(long bytes)
    {
        string[] units = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        int exponent = bytes == 0 ? 0 : Math.ILogB(bytes / (1000.0 / 1024.0)) + 1;
        int unit = (exponent - 1) / 10;
        double scaled = bytes / Math.Pow(2, unit * 10);
        return scaled.ToString("G3", CultureInfo.InvariantCulture) + " " + units[unit] + "B";
    }

    /// <summary>Splits <c>-o key=value,key=value</c>; only the keys a verb knows are accepted.</summary>
    public static Dictionary<string, string> ParseCreateOptions(string? text, string file, params string[] known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
            return options;
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? pair : pair[..equals];
            if (!known.Contains(key))
                throw new ImgUsageException($"{file}: Invalid parameter '{key}'");
            options[key] = equals < 0 ? "on" : pair[(equals + 1)..];
        }
        return options;
    }

    /// <summary>cluster_size from -o, checked as qemu-img checks it.</summary>
    public static int ClusterSize(Dictionary<string, string> options, string file)
    {
        if (!options.TryGetValue("cluster_size", out string? text))
            return ImageCreateOptions.DefaultClusterSize;
        long? size = ParseSize(text);
        if (size is null or < 512 or > 2 * 1024 * 1024 || (size & (size - 1)) != 0)
            throw new ImgUsageException($"{file}: Cluster size must be a power of two between 512 and 2048k");
        return (int)size.Value;
    }
}
