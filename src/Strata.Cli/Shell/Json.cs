using System.Text.Json;

namespace Strata.Cli.Shell;

/// <summary>Writes <c>--json</c> output with Utf8JsonWriter: no reflection, so the AOT binary stays small and fast.</summary>
internal static class Json
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            write(writer);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteStatus(Utf8JsonWriter writer, DomainStatus status)
    {
        writer.WriteString("state", status.StateText);
        writer.WriteString("reason", status.ReasonText);
    }
}
