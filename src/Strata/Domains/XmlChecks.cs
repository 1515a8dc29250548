using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Strata.Domains;

/// <summary>
/// Strict reading helpers: every element and attribute the parser does not know is an error naming it,
/// so that nothing which changes the guest is silently dropped.
/// </summary>
internal static partial class XmlChecks
{
    /// <summary>The element's name as written (with its prefix when namespaced).</summary>
    public static string NameOf(XElement element)
    {
        if (element.Name.Namespace == XNamespace.None)
        {
            return element.Name.LocalName;
        }
        string? prefix = element.GetPrefixOfNamespace(element.Name.Namespace);
        return prefix is null ? element.Name.LocalName : $"{prefix}:{element.Name.LocalName}";
    }

    /// <summary>Where an element sits, for messages: <c>&lt;driver&gt; of &lt;disk&gt;</c>.</summary>
    /// <param name="element">The element.</param>
    /// <param name="withKind">Also show its <c>type</c> or <c>model</c> attribute (<c>&lt;launchSecurity type='sev'&gt;</c>).</param>
    public static string Describe(XElement element, bool withKind = false)
    {
        string name = NameOf(element);
        if (withKind && (element.Attribute("type") ?? element.Attribute("model")) is { } kind)
        {
            name += $" {kind.Name.LocalName}='{kind.Value}'";
        }
        XElement? parent = element.Parent;
        if (parent is null || parent.Name.LocalName is "domain" or "devices")
        {
            return $"<{name}>";
        }
        return $"<{name}> in <{NameOf(parent)}>";
    }

    /// <summary>Throws for any attribute or child element not listed.</summary>
    public static void Allow(XElement element, string[] attributes, string[] children)
    {
        foreach (XAttribute attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration)
            {
                continue;
            }
            if (attribute.Name.Namespace != XNamespace.None || Array.IndexOf(attributes, attribute.Name.LocalName) < 0)
            {
                throw Unsupported($"attribute '{attribute.Name.LocalName}' of {Describe(element)} is not supported");
            }
        }
        foreach (XElement child in element.Elements())
        {
            if (child.Name.Namespace != XNamespace.None || Array.IndexOf(children, child.Name.LocalName) < 0)
            {
                throw Unsupported($"element {Describe(child, withKind: true)} is not supported");
            }
        }
    }

    /// <summary>An "unsupported configuration" error.</summary>
    public static InvalidDefinitionException Unsupported(string what) =>
        new($"unsupported configuration: {what}", ErrorCode.ConfigUnsupported);

    /// <summary>
    /// XML that does not parse, worded as libvirt words it (<c>VIR_ERR_XML_DETAIL</c>): where, as
    /// "(domain_definition):LINE:", what the parser says, and the line with a caret under the spot.
    /// </summary>
    public static InvalidDefinitionException Malformed(string xml, string what, XmlException error)
    {
        string message = TrailingPosition().Replace(error.Message, "");
        var text = new StringBuilder($"({what.Replace(' ', '_')}):{error.LineNumber}: malformed {what}: {message}");
        string[] lines = LineBreak().Split(xml); // as the parser counts lines
        if (error.LineNumber >= 1 && error.LineNumber <= lines.Length)
        {
            // At most the 80 characters before the spot, as libxml2 shows a long line.
            string line = lines[error.LineNumber - 1];
            int column = Math.Clamp(error.LinePosition, 1, line.Length + 1);
            int start = Math.Max(0, column - 80);
            text.Append('\n').Append(line.AsSpan(start, Math.Min(line.Length - start, 80)))
                .Append('\n').Append('-', column - 1 - start).Append('^');
        }
        return new(text.ToString(), ErrorCode.XmlDetail);
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();

    /// <summary>An "XML error".</summary>
    public static InvalidDefinitionException Invalid(string what) => new($"XML error: {what}");

    /// <summary>A definition without a name (<c>VIR_ERR_NO_NAME</c>).</summary>
    public static InvalidDefinitionException NoName() =>
        new("missing name information: a domain needs a <name>", ErrorCode.NoName);

    /// <summary>The attribute's value, or null when absent.</summary>
    public static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;

    /// <summary>The attribute's value; an error naming it when absent.</summary>
    public static string RequiredAttr(XElement element, string name) =>
        element.Attribute(name)?.Value ?? throw Invalid($"missing attribute '{name}' in {Describe(element)}");

    /// <summary>A yes/no (or on/off) attribute, or null when absent.</summary>
    public static bool? YesNo(XElement element, string name)
    {
        string? value = Attr(element, name);
        return value switch
        {
            null => null,
            "yes" or "on" => true,
            "no" or "off" => false,
            _ => throw Invalid($"invalid value '{value}' for attribute '{name}' of {Describe(element)}: expected yes or no"),
        };
    }

    /// <summary>An integer attribute written in decimal or, with <c>0x</c>, hexadecimal; null when absent.</summary>
    public static int? Int(XElement element, string name, int min = 0, int max = int.MaxValue)
    {
        string? text = Attr(element, name);
        if (text is null)
        {
            return null;
        }
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        bool ok = hex
            ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (!ok || value < min || value > max)
        {
            throw Invalid($"invalid value '{text}' for attribute '{name}' of {Describe(element)}");
        }
        return value;
    }
}
