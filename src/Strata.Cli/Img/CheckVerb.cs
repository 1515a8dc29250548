using System.Globalization;
using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>check [-f fmt] [-r leaks|all] [--output json] [-q] FILE</c>, with qemu-img's report and exit codes.</summary>
internal static class CheckVerb
{
    // qemu-img check's exit codes.
    private const int Clean = 0;
    private const int Corrupted = 2;
    private const int Leaked = 3;
    private const int NotSupported = 63;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "fr", "qU", ["output"], ["force-share"]);
        string file = arguments.SingleFile();
        bool json = ImgJson.WantsJson(arguments);
        bool quiet = arguments.Has("q");
        var format = ImgValues.ParseFormat(arguments.Value("f"));
        bool repair = arguments.Value("r") switch
        {
            null => false,
            // Strata repairs leaks; with "all" the corruptions it cannot repair are still reported (exit 2).
            "leaks" or "all" => true,
            var other => throw new ImgUsageException($"Unknown option value for -r (expecting 'leaks' or 'all'): {other}"),
        };

        using var image = ImgProgram.Open(file, format, writable: repair, ignoreBacking: true);
        if (image.Format != ImageFormat.Qcow2)
        {
            ImgProgram.Fail("This image format does not support checks");
            return NotSupported;
        }

        var result = await image.CheckAsync(repair, cancellationToken).ConfigureAwait(false);
        foreach (string problem in result.Problems)
            Console.Error.WriteLine(problem);
        if (result.LeaksFixed > 0)
        {
            if (!json && !quiet)
                Console.Out.Write($"The following inconsistencies were found and repaired:\n\n    {result.LeaksFixed} leaked clusters\n    0 corruptions\n\nDouble checking the fixed image now...\n");
            int fixedLeaks = result.LeaksFixed;
            result = await image.CheckAsync(repairLeaks: false, cancellationToken).ConfigureAwait(false);
            result = result with { LeaksFixed = fixedLeaks };
        }

        if (json)
            WriteJson(file, result);
        else if (!quiet)
            Console.Out.Write(HumanText(result));
        return result.Corruptions > 0 ? Corrupted : result.Leaks > 0 ? Leaked : Clean;
    }

    private static string HumanText(ImageCheckResult result)
    {
        var text = new System.Text.StringBuilder();
        if (result.Corruptions == 0 && result.Leaks == 0)
            text.Append("No errors were found on the image.\n");
        if (result.Corruptions > 0)
            text.Append(CultureInfo.InvariantCulture, $"\n{result.Corruptions} errors were found on the image.\nData may be corrupted, or further writes to the image may corrupt it.\n");
        if (result.Leaks > 0)
            text.Append(CultureInfo.InvariantCulture, $"\n{result.Leaks} leaked clusters were found on the image.\nThis means waste of disk space, but no harm to data.\n");
        if (result.TotalClusters > 0 && result.AllocatedClusters > 0)
        {
            double allocated = 100.0 * result.AllocatedClusters / result.TotalClusters;
            double fragmented = 100.0 * result.FragmentedClusters / result.AllocatedClusters;
            double compressed = 100.0 * result.CompressedClusters / result.AllocatedClusters;
            text.Append(CultureInfo.InvariantCulture, $"{result.AllocatedClusters}/{result.TotalClusters} = {allocated:0.00}% allocated, {fragmented:0.00}% fragmented, {compressed:0.00}% compressed clusters\n");
        }
        if (result.ImageEndOffset > 0)
            text.Append(CultureInfo.InvariantCulture, $"Image end offset: {result.ImageEndOffset}\n");
        return text.ToString();
    }

    /// <summary>qemu's ImageCheck: counts appear only when they are not zero.</summary>
    private static void WriteJson(string file, ImageCheckResult result) => ImgJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("image-end-offset", result.ImageEndOffset);
        writer.WriteNumber("total-clusters", result.TotalClusters);
        if (result.Corruptions > 0)
            writer.WriteNumber("corruptions", result.Corruptions);
        if (result.Leaks > 0)
            writer.WriteNumber("leaks", result.Leaks);
        writer.WriteNumber("check-errors", 0);
        if (result.LeaksFixed > 0)
            writer.WriteNumber("leaks-fixed", result.LeaksFixed);
        if (result.AllocatedClusters > 0)
            writer.WriteNumber("allocated-clusters", result.AllocatedClusters);
        if (result.FragmentedClusters > 0)
            writer.WriteNumber("fragmented-clusters", result.FragmentedClusters);
        if (result.CompressedClusters > 0)
            writer.WriteNumber("compressed-clusters", result.CompressedClusters);
        writer.WriteString("filename", file);
        writer.WriteString("format", "qcow2");
        writer.WriteEndObject();
    });
}
