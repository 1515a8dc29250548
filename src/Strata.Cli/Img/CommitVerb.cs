using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>commit [-f fmt] [-d] [-q] FILE</c>: the overlay's clusters into its backing file, then (without -d) the overlay emptied.</summary>
internal static class CommitVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "ft", "dqp");
        string file = arguments.SingleFile();
        var format = ImgValues.ParseFormat(arguments.Value("f"));
        ImageInfo top;
        using (var image = ImgProgram.Open(file, format))
        {
            if (image.Backing is null)
                return ImgProgram.Fail($"Image '{file}' does not have a backing file to commit into");
            top = image.GetInfo() with { BackingFormat = image.Backing.Format };
        }

        await ImageCommitter.CommitAsync(file, new ImageOpenOptions { Format = format }, cancellationToken).ConfigureAwait(false);
        if (!arguments.Has("d") && top.Snapshots.Count == 0)
            await EmptyAsync(file, top).ConfigureAwait(false);
        if (!arguments.Has("q"))
            Console.Out.WriteLine("Image committed.");
        return 0;
    }

    /// <summary>
    /// The backing file now holds everything the overlay did, so a fresh overlay with the same header reads the same
    /// and takes no space (qemu-img's default). Images with internal snapshots are kept as they are, as with -d.
    /// </summary>
    private static Task EmptyAsync(string file, ImageInfo top) =>
        ImgFiles.ReplaceAsync(file, temporary =>
        {
            DiskImage.Create(temporary, new ImageCreateOptions
            {
                Format = ImageFormat.Qcow2,
                Size = top.VirtualSize,
                ClusterSize = top.ClusterSize ?? ImageCreateOptions.DefaultClusterSize,
                BackingFile = top.BackingFile,
                BackingFormat = top.BackingFormat,
            });
            return Task.CompletedTask;
        });
}
