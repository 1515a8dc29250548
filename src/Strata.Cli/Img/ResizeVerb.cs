namespace Strata.Cli.Img;

/// <summary><c>resize [-f fmt] [-q] [--shrink] FILE [+|-]SIZE</c>: grows the virtual disk (shrinking is refused).</summary>
internal static class ResizeVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        // As qemu-img does: the size is always the last word, so that "-10M" is not taken for an option.
        if (args.Count < 2)
            throw new ImgUsageException("Expecting image file name and size");
        string sizeText = args[^1];
        var arguments = ImgArguments.Parse(args.Take(args.Count - 1).ToList(), "f", "qU", longFlags: ["shrink", "force-share"]);
        string file = arguments.SingleFile();
        var format = ImgValues.ParseFormat(arguments.Value("f"));

        int sign = sizeText.StartsWith('+') ? 1 : sizeText.StartsWith('-') ? -1 : 0;
        long size = ImgValues.ParseSize(sign == 0 ? sizeText : sizeText[1..]) ?? throw new ImgUsageException(ImgValues.InvalidSize);

        await using var image = ImgProgram.Open(file, format, writable: true);
        long newSize = ImgValues.RoundUpToSector(sign == 0 ? size : image.VirtualSize + (sign * size));
        if (newSize < 0)
            throw new ImgUsageException("New image size must be positive");
        if (newSize < image.VirtualSize)
        {
            if (!arguments.Has("shrink"))
                return ImgProgram.Fail("Use the --shrink option to perform a shrink operation.");
            return ImgProgram.Fail($"Shrinking '{file}' is not supported by strata img");
        }
        if (newSize > image.VirtualSize)
        {
            await image.ResizeAsync(newSize, cancellationToken).ConfigureAwait(false);
            await image.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!arguments.Has("q"))
            Console.Out.WriteLine("Image resized.");
        return 0;
    }
}
