using System.Globalization;
using System.Text.Json;
using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>info [-f fmt] [--output human|json] [--backing-chain] FILE</c>: what qemu-img info prints, field for field.</summary>
internal static class InfoVerb
{
    /// <summary>One image of the chain with the file name qemu-img would show for it.</summary>
    private sealed record Shown(string FileName, ImageInfo Info);

    public static Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "f", "U", ["output"], ["backing-chain", "force-share"]);
        string file = arguments.SingleFile();
        bool json = ImgJson.WantsJson(arguments);
        var format = ImgValues.ParseFormat(arguments.Value("f"));
        bool chain = arguments.Has("backing-chain");

        var shown = new List<Shown>();
        using (var image = ImgProgram.Open(file, format, ignoreBacking: !chain))
        {
            string name = file;
            foreach (var info in image.GetChainInfo())
            {
                shown.Add(new Shown(name, info));
                if (info.BackingFile is not null)
                    name = FullBackingName(name, info.BackingFile);
            }
        }

        if (json && chain)
            ImgJson.Write(writer =>
            {
                writer.WriteStartArray();
                foreach (var one in shown)
                    WriteJson(writer, one);
                writer.WriteEndArray();
            });
        else if (json)
            ImgJson.Write(writer => WriteJson(writer, shown[0]));
        else
            Console.Out.Write(string.Join("\n", shown.Select(HumanText)));
        return Task.FromResult(0);
    }

    /// <summary>qemu's path_combine: a relative backing name is taken relative to the directory of the name the image was opened by.</summary>
    public static string FullBackingName(string imageName, string backingFile)
    {
        if (Path.IsPathRooted(backingFile))
            return backingFile;
        int slash = imageName.LastIndexOf('/');
        return slash < 0 ? backingFile : imageName[..(slash + 1)] + backingFile;
    }

    private static string HumanText(Shown shown)
    {
        var info = shown.Info;
        var text = new System.Text.StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"image: {shown.FileName}");
        Line($"file format: {ImgValues.Name(info.Format)}");
        Line($"virtual size: {ImgValues.HumanSize(info.VirtualSize)} ({info.VirtualSize} bytes)");
        Line($"disk size: {ImgValues.HumanSize(info.ActualSize)}");
        if (info.ClusterSize is { } clusterSize)
            Line($"cluster_size: {clusterSize}");
        if (info.Dirty)
            Line("cleanly shut down: no");
        if (info.BackingFile is { } backing)
        {
            string full = FullBackingName(shown.FileName, backing);
            Line(full == backing ? $"backing file: {backing}" : $"backing file: {backing} (actual path: {full})");
            if (info.BackingFormat is { } backingFormat)
                Line($"backing file format: {ImgValues.Name(backingFormat)}");
        }
        if (info.Snapshots.Count > 0)
        {
            Line("Snapshot list:");
            text.Append(SnapshotTable.Text(info.Snapshots));
        }
        if (info.Format == ImageFormat.Qcow2)
        {
            Line("Format specific information:");
            foreach (var (key, value) in FormatSpecific(info))
                Line($"    {key.Replace('-', ' ')}: {(value is bool flag ? (flag ? "true" : "false") : value)}");
        }
        return text.ToString();
    }

    /// <summary>qemu-img's "format-specific" data for qcow2; version 2 images have fewer fields.</summary>
    private static IEnumerable<(string Key, object Value)> FormatSpecific(ImageInfo info)
    {
        bool v3 = info.Version >= 3;
        yield return ("compat", v3 ? "1.1" : "0.10");
        yield return ("compression-type", "zlib");
        if (v3)
            yield return ("lazy-refcounts", info.LazyRefcounts);
        yield return ("refcount-bits", info.RefcountBits ?? 16);
        if (v3)
        {
            yield return ("corrupt", info.Corrupt);
            yield return ("extended-l2", false);
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, Shown shown)
    {
        var info = shown.Info;
        writer.WriteStartObject();
        if (info.Snapshots.Count > 0)
        {
            writer.WritePropertyName("snapshots");
            SnapshotTable.WriteJson(writer, info.Snapshots);
        }
        if (info.BackingFormat is { } backingFormat)
            writer.WriteString("backing-filename-format", ImgValues.Name(backingFormat));
        writer.WriteNumber("virtual-size", info.VirtualSize);
        writer.WriteString("filename", shown.FileName);
        if (info.ClusterSize is { } clusterSize)
            writer.WriteNumber("cluster-size", clusterSize);
        writer.WriteString("format", ImgValues.Name(info.Format));
        writer.WriteNumber("actual-size", info.ActualSize);
        if (info.Format == ImageFormat.Qcow2)
        {
            writer.WriteStartObject("format-specific");
            writer.WriteString("type", "qcow2");
            writer.WriteStartObject("data");
            foreach (var (key, value) in FormatSpecific(info))
            {
                switch (value)
                {
                    case bool flag:
                        writer.WriteBoolean(key, flag);
                        break;
                    case int number:
                        writer.WriteNumber(key, number);
                        break;
                    default:
                        writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        if (info.BackingFile is { } backing)
        {
            writer.WriteString("full-backing-filename", FullBackingName(shown.FileName, backing));
            writer.WriteString("backing-filename", backing);
        }
        writer.WriteBoolean("dirty-flag", info.Dirty);
        writer.WriteEndObject();
    }
}
