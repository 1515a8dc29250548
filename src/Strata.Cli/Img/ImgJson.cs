using System.Text;
using System.Text.Json;

namespace Strata.Cli.Img;

/// <summary>qemu-img's <c>--output json</c> layout: four-space indents, written with Utf8JsonWriter (no reflection, AOT-clean).</summary>
internal static class ImgJson
{
    public static void Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
            write(writer);
        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Accepts qemu-img's two output modes; anything else is refused by name.</summary>
    public static bool WantsJson(ImgArguments arguments) => arguments.Value("output") switch
    {
        null or "human" => false,
        "json" => true,
        var other => throw new ImgUsageException($"--output must be used with human or json as argument, not '{other}'"),
    };
}
