using System.Text;

namespace Strata.Domains;

/// <summary>The rules a domain name must follow.</summary>
public static class DomainName
{
    /// <summary>
    /// The longest name in UTF-8 bytes: the name becomes a file name (<c>NAME.xml</c>, <c>NAME.log</c>)
    /// and file names are limited to 255 bytes.
    /// </summary>
    public const int MaxUtf8Bytes = 240;

    /// <summary>Whether <paramref name="name"/> can name a domain (the test <see cref="Validate"/> makes, without throwing).</summary>
    public static bool IsValid(string? name)
    {
        try
        {
            Validate(name);
            return true;
        }
        catch (InvalidDefinitionException)
        {
            return false;
        }
    }

    /// <summary>Throws <see cref="InvalidDefinitionException"/> when <paramref name="name"/> cannot name a domain.</summary>
    public static void Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw XmlChecks.NoName();
        }
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw XmlChecks.Invalid($"name {name} cannot contain '/'");
        }
        if (name is "." or "..")
        {
            throw XmlChecks.Invalid($"name '{name}' is not allowed");
        }
        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                throw XmlChecks.Invalid($"name '{Printable(name)}' contains a control character (U+{(int)c:X4})");
            }
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            throw XmlChecks.Invalid($"name is longer than {MaxUtf8Bytes} bytes");
        }
    }

    private static string Printable(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}
