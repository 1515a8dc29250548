using System.Globalization;

namespace Strata.Environments.Files;

/// <summary>Memory sizes as <c>strata.yaml</c> writes them: <c>512M</c>, <c>1G</c>, <c>1.5G</c>, <c>512MiB</c>, or a plain number of MiB (as Vagrant's <c>memory</c>).</summary>
public static class MemorySize
{
    /// <summary>Below this a Linux guest does not boot.</summary>
    public const long MinimumMiB = 32;

    /// <summary>Far above anything this host can give; catches a unit typo (<c>512G</c> for <c>512M</c>) only when absurd.</summary>
    public const long MaximumMiB = 4L * 1024 * 1024;

    /// <summary>The size in MiB, or an error message saying what is wrong.</summary>
    public static bool TryParse(string text, out long mebibytes, out string error)
    {
        mebibytes = 0;
        string trimmed = text.Trim();
        int unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsAsciiLetter(trimmed[unitStart - 1]))
            unitStart--;
        string number = trimmed[..unitStart].TrimEnd();
        long scale = trimmed[unitStart..].ToUpperInvariant() switch
        {
            "" or "M" or "MB" or "MIB" => 1,
            "G" or "GB" or "GIB" => 1024,
            "T" or "TB" or "TIB" => 1024 * 1024,
            _ => 0,
        };
        if (scale == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            error = $"'{text}' is not a size (write it as 512M, 1G or 1.5G)";
            return false;
        }
        decimal total = value * scale;
        if (total != decimal.Truncate(total))
        {
            error = $"'{text}' is not a whole number of MiB";
            return false;
        }
        if (total < MinimumMiB || total > MaximumMiB)
        {
            error = $"memory '{text}' is out of range ({MinimumMiB}M to {MaximumMiB / 1024 / 1024}T)";
            return false;
        }
        mebibytes = (long)total;
        error = "";
        return true;
    }
}
