using System.Buffers.Binary;
using System.Text.Json;
using Strata.Tests.Images;
using Strata.Tests.Support;

namespace Strata.Tests.Img;

/// <summary>Runs qemu-img and <c>./strata img</c> with the same arguments and compares what they print.</summary>
internal static class ImgScenario
{
    // qemu-img's layout for a fresh 8 MiB image with 64 KiB clusters: the first refcount block is the third cluster.
    public const long QemuRefBlockOffset = 0x20000;

    public static Task<ProcessResult> QemuImgAsync(params string[] args) => ImageScratch.QemuImgAsync(args);

    public static Task<ProcessResult> StrataImgAsync(params string[] args) => StrataCli.RunAsync(["img", .. args]);

    public static async Task<(ProcessResult Qemu, ProcessResult Strata)> BothAsync(params string[] args) =>
        (await QemuImgAsync(args), await StrataImgAsync(args));

    public static async Task StrataOkAsync(params string[] args)
    {
        var result = await StrataImgAsync(args);
        Assert.True(result.ExitCode == 0, $"strata img {string.Join(' ', args)}: {result}");
    }

    /// <summary>What a refcount block entry says about one cluster, written straight into the file.</summary>
    public static void SetRefcount(string path, long cluster, ushort value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Position = QemuRefBlockOffset + (cluster * 2);
        stream.Write(bytes);
    }

    /// <summary>Asserts two JSON documents have the same fields with the same values, except the ones named (which must both be present).</summary>
    public static void AssertSameJson(string expected, string actual, params string[] presentOnly)
    {
        using var qemu = JsonDocument.Parse(expected);
        using var strata = JsonDocument.Parse(actual);
        AssertSame(qemu.RootElement, strata.RootElement, "$", presentOnly);
    }

    private static void AssertSame(JsonElement expected, JsonElement actual, string where, string[] presentOnly)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{where}: qemu-img has {expected.ValueKind}, strata img {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).Order().ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).Order().ToList();
                Assert.True(expectedNames.SequenceEqual(actualNames), $"{where}: qemu-img has fields [{string.Join(", ", expectedNames)}], strata img [{string.Join(", ", actualNames)}]");
                foreach (var property in expected.EnumerateObject())
                {
                    if (!presentOnly.Contains(property.Name))
                        AssertSame(property.Value, actual.GetProperty(property.Name), $"{where}.{property.Name}", presentOnly);
                }
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{where}: {expected.GetArrayLength()} items from qemu-img, {actual.GetArrayLength()} from strata img");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                    AssertSame(expected[i], actual[i], $"{where}[{i}]", presentOnly);
                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{where}: qemu-img says {expected.GetRawText()}, strata img {actual.GetRawText()}");
                break;
        }
    }

    /// <summary>The human layout with the "disk size" line's number blanked: how the file is laid out on disk may differ.</summary>
    public static string WithoutDiskSize(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.StartsWith("disk size: ", StringComparison.Ordinal) ? "disk size: …" : line));

    /// <summary>Every file of a directory with its content hash: what must not change when a command is refused.</summary>
    public static Dictionary<string, string> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(ImageScratch.Sha(f)));
}
