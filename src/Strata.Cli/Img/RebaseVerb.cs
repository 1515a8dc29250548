using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>rebase [-f fmt] [-u] -b BACKING [-F fmt] [-q] FILE</c>; <c>-b ""</c> removes the backing file.</summary>
internal static class RebaseVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "fbFt", "uqpU", longFlags: ["force-share"]);
        string file = arguments.SingleFile();
        var format = ImgValues.ParseFormat(arguments.Value("f"));
        string backing = arguments.Value("b") ?? throw new ImgUsageException("Must specify backing file (-b) or use '-b \"\"' to remove it");
        var backingFormat = ImgValues.ParseFormat(arguments.Value("F"));
        string? newBacking = backing.Length == 0 ? null : backing;

        using (var image = ImgProgram.Open(file, format, ignoreBacking: true))
        {
            if (image.Format != ImageFormat.Qcow2)
                return ImgProgram.Fail($"'{file}' is a raw image: only qcow2 images have a backing file");
        }
        if (newBacking is not null && backingFormat is null)
        {
            // As qemu-img: without -F the new backing file's format is probed.
            string resolved = InfoVerb.FullBackingName(file, newBacking);
            if (!File.Exists(resolved))
                return ImgProgram.Fail($"Could not open new backing file '{resolved}': No such file or directory");
            backingFormat = DiskImage.Probe(resolved);
        }

        await ImageRebaser.RebaseAsync(file, newBacking, newBacking is null ? null : backingFormat, arguments.Has("u"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
