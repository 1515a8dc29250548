using System.Text;
using System.Xml.Linq;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// Writes an element tree the way libvirt prints XML: two-space indentation, single-quoted attributes,
/// <c>&lt;empty/&gt;</c> without a space, text on the element's own line, no XML declaration, a final newline.
/// </summary>
internal static class LibvirtXmlWriter
{
    private const int IndentWidth = 2;

    public static string Write(XElement root)
    {
        var text = new StringBuilder();
        WriteElement(text, root, 0);
        return text.ToString();
    }

    private static void WriteElement(StringBuilder text, XElement element, int depth)
    {
        text.Append(' ', depth * IndentWidth).Append('<').Append(element.Name.LocalName);
        foreach (var attribute in element.Attributes())
        {
            text.Append(' ').Append(attribute.Name.LocalName).Append("='");
            Escape(text, attribute.Value, attribute: true);
            text.Append('\'');
        }
        var children = element.Elements().ToList();
        if (children.Count == 0)
        {
            if (element.Value.Length == 0)
            {
                text.Append("/>\n");
                return;
            }
            text.Append('>');
            Escape(text, element.Value, attribute: false);
            text.Append("</").Append(element.Name.LocalName).Append(">\n");
            return;
        }
        text.Append(">\n");
        foreach (var child in children) WriteElement(text, child, depth + 1);
        text.Append(' ', depth * IndentWidth).Append("</").Append(element.Name.LocalName).Append(">\n");
    }

    private static void Escape(StringBuilder text, string value, bool attribute)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': text.Append("&amp;"); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '\'' when attribute: text.Append("&apos;"); break;
                case '"' when attribute: text.Append("&quot;"); break;
                default: text.Append(c); break;
            }
        }
    }
}
