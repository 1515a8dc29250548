using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>convert [-c] [-f fmt] [-O fmt] [-o cluster_size=…] [-t cache] [-p] [-q] SRC DST</c>: the source's guest view into a new sparse (or compressed) file.</summary>
internal static class ConvertVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "fOot", "cpqU", longFlags: ["force-share"]);
        if (arguments.Positionals.Count < 2)
            throw new ImgUsageException("Expecting a source and a destination image file name");
        if (arguments.Positionals.Count > 2)
            throw new ImgUsageException("strata img convert takes exactly one source image");
        string source = arguments.Positionals[0];
        string destination = arguments.Positionals[1];
        var sourceFormat = ImgValues.ParseFormat(arguments.Value("f"));
        var format = ImgValues.ParseFormat(arguments.Value("O")) ?? ImageFormat.Raw;
        bool compress = arguments.Has("c");
        if (compress && format != ImageFormat.Qcow2)
            return ImgProgram.Fail("Compression not supported for this file format"); // qemu-img's words
        var options = format == ImageFormat.Qcow2
            ? ImgValues.ParseCreateOptions(arguments.Value("o"), destination, "cluster_size")
            : ImgValues.ParseCreateOptions(arguments.Value("o"), destination);
        var create = new ImageCreateOptions { Format = format, Size = 0, ClusterSize = ImgValues.ClusterSize(options, destination) };
        bool progress = arguments.Has("p") && !arguments.Has("q");
        // qemu-img convert's default cache mode for the new file is "unsafe": no flush at the end; "none" and
        // "directsync" write around the page cache.
        string cache = arguments.Value("t") ?? "unsafe";
        bool flush = cache switch
        {
            "unsafe" => false,
            "writeback" or "writethrough" or "none" or "directsync" => true,
            var other => throw new ImgUsageException($"Invalid cache option: {other}"),
        };

        using var image = ImgProgram.Open(source, sourceFormat);
        var convert = new ImageConvertOptions { Progress = progress ? new ConsoleProgress() : null, Flush = flush, Compress = compress, DirectWrites = cache is "none" or "directsync" };
        await ImgFiles.ReplaceAsync(destination, temporary =>
            ImageConverter.ConvertAsync(image, temporary, create, convert, cancellationToken)).ConfigureAwait(false);
        if (progress)
            Console.Out.WriteLine();
        return 0;
    }

    /// <summary>qemu-img's progress line, rewritten in place.</summary>
    private sealed class ConsoleProgress : IProgress<double>
    {
        private int _lastShown = -1;

        public void Report(double value)
        {
            int hundredths = (int)(value * 10000);
            if (hundredths == _lastShown)
                return;
            _lastShown = hundredths;
            Console.Out.Write(FormattableString.Invariant($"    ({value * 100:0.00}/100%)\r"));
        }
    }
}
