using System.Text;

namespace Strata.Domains;

/// <summary>
/// Writes XML the way libvirt's formatter does: two-space indentation, single-quoted attributes, empty elements
/// as <c>&lt;x/&gt;</c>, and the same character escapes.
/// </summary>
internal sealed class XmlWriterBuffer
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes <c>&lt;name a='v'…/&gt;</c> (or with <paramref name="selfClosing"/> false, an open tag).</summary>
    public void Element(string name, IEnumerable<(string Name, string? Value)> attributes, bool selfClosing = true)
    {
        Indent();
        _text.Append('<').Append(name);
        AppendAttributes(attributes);
        _text.Append(selfClosing ? "/>\n" : ">\n");
        if (!selfClosing)
        {
            _depth++;
        }
    }

    /// <summary>Opens <c>&lt;name a='v'…&gt;</c> on its own line.</summary>
    public void Open(string name, params (string Name, string? Value)[] attributes) => Element(name, attributes, selfClosing: false);

    /// <summary>Writes an empty element <c>&lt;name a='v'…/&gt;</c>.</summary>
    public void Empty(string name, params (string Name, string? Value)[] attributes) => Element(name, attributes);

    /// <summary>Closes the element opened last.</summary>
    public void Close(string name)
    {
        _depth--;
        Indent();
        _text.Append("</").Append(name).Append(">\n");
    }

    /// <summary>Writes <c>&lt;name a='v'&gt;text&lt;/name&gt;</c> on one line.</summary>
    public void Text(string name, string text, params (string Name, string? Value)[] attributes)
    {
        Indent();
        _text.Append('<').Append(name);
        AppendAttributes(attributes);
        _text.Append('>');
        Escape(text);
        _text.Append("</").Append(name).Append(">\n");
    }

    /// <summary>Writes pre-formatted XML lines at the current depth.</summary>
    public void Raw(string xml)
    {
        foreach (string line in xml.Split('\n'))
        {
            Indent();
            _text.Append(line.TrimEnd('\r')).Append('\n');
        }
    }

    public override string ToString() => _text.ToString();

    private void AppendAttributes(IEnumerable<(string Name, string? Value)> attributes)
    {
        foreach ((string attributeName, string? value) in attributes)
        {
            if (value is null)
            {
                continue;
            }
            _text.Append(' ').Append(attributeName).Append("='");
            Escape(value);
            _text.Append('\'');
        }
    }

    private void Indent() => _text.Append(' ', _depth * 2);

    private void Escape(string value)
    {
        foreach (char c in value)
        {
            _ = c switch
            {
                '<' => _text.Append("&lt;"),
                '>' => _text.Append("&gt;"),
                '&' => _text.Append("&amp;"),
                '\'' => _text.Append("&apos;"),
                '"' => _text.Append("&quot;"),
                _ => _text.Append(c),
            };
        }
    }
}
