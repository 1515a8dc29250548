using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>create [-f fmt] [-b backing -F fmt] [-o cluster_size=…] [-u] [-q] FILE [SIZE]</c>; the size may be left out with -b.</summary>
internal static class CreateVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "fbFo", "qu");
        if (arguments.Positionals.Count == 0)
            throw new ImgUsageException("Expecting image file name");
        if (arguments.Positionals.Count > 2)
            throw new ImgUsageException($"Unexpected argument: {arguments.Positionals[2]}");
        string file = arguments.Positionals[0];
        var format = ImgValues.ParseFormat(arguments.Value("f")) ?? ImageFormat.Raw;
        var options = format == ImageFormat.Qcow2
            ? ImgValues.ParseCreateOptions(arguments.Value("o"), file, "cluster_size", "backing_file", "backing_fmt", "compat", "size")
            : ImgValues.ParseCreateOptions(arguments.Value("o"), file, "size");
        if (options.TryGetValue("compat", out string? compat) && compat is not ("1.1" or "v3"))
            throw new ImgUsageException($"{file}: strata img creates version 3 (compat=1.1) images only, not compat={compat}");
        string? backing = arguments.Value("b") ?? options.GetValueOrDefault("backing_file");
        string? backingFormatName = arguments.Value("F") ?? options.GetValueOrDefault("backing_fmt");
        if (backing is not null && format != ImageFormat.Qcow2)
            throw new ImgUsageException($"{file}: a {ImgValues.Name(format)} image cannot have a backing file");
        if (backing is not null && backingFormatName is null)
            throw new ImgUsageException($"{file}: Backing file specified without backing format");
        var backingFormat = ImgValues.ParseFormat(backingFormatName);
        int clusterSize = ImgValues.ClusterSize(options, file);

        string? sizeText = arguments.Positionals.Count > 1 ? arguments.Positionals[1] : options.GetValueOrDefault("size");
        long? size = sizeText is null ? null : ImgValues.ParseSize(sizeText) ?? throw new ImgUsageException(ImgValues.InvalidSize);
        if (backing is not null && !arguments.Has("u"))
        {
            // The backing file must open (as qemu-img checks), and gives the size when none was asked for.
            string backingPath = InfoVerb.FullBackingName(file, backing);
            using var backingImage = ImgProgram.Open(backingPath, backingFormat);
            size ??= backingImage.VirtualSize;
        }
        if (size is null)
            throw new ImgUsageException($"{file}: Image creation needs a size parameter");

        var create = new ImageCreateOptions
        {
            Format = format,
            Size = ImgValues.RoundUpToSector(size.Value),
            ClusterSize = clusterSize,
            BackingFile = backing,
            BackingFormat = backingFormat,
        };
        await ImgFiles.ReplaceAsync(file, temporary =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            DiskImage.Create(temporary, create);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        if (!arguments.Has("q"))
            Console.Out.WriteLine(FormattingLine(file, format, size.Value, clusterSize, backing, backingFormatName));
        return 0;
    }

    /// <summary>The line qemu-img create prints before it writes the file.</summary>
    private static string FormattingLine(string file, ImageFormat format, long size, int clusterSize, string? backing, string? backingFormat)
    {
        if (format == ImageFormat.Raw)
            return $"Formatting '{file}', fmt=raw size={size}";
        string backingPart = backing is null ? "" : $" backing_file={backing} backing_fmt={backingFormat}";
        return $"Formatting '{file}', fmt=qcow2 cluster_size={clusterSize} extended_l2=off compression_type=zlib size={size}{backingPart} lazy_refcounts=off refcount_bits=16";
    }
}
