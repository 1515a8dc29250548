namespace Strata.Cli.Shell;

/// <summary>virsh's table layout: a header, a dashed rule as wide as the header plus padding, left-aligned columns.</summary>
internal static class Table
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            (" " + string.Join("   ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i])))).TrimEnd();

        string head = Line(header);
        output.WriteLine(head);
        // virsh's rule runs two characters past the widest row.
        output.WriteLine(new string('-', 1 + widths.Sum() + 3 * (widths.Length - 1) + 2));
        foreach (var row in rows)
            output.WriteLine(Line(row));
    }
}
