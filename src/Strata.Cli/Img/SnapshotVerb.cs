using Strata.Images;

namespace Strata.Cli.Img;

/// <summary><c>snapshot [-f fmt] [-q] -c|-a|-d NAME FILE</c> and <c>snapshot -l FILE</c>: qcow2's internal snapshots.</summary>
internal static class SnapshotVerb
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var arguments = ImgArguments.Parse(args, "fcad", "lqU", longFlags: ["force-share"]);
        string file = arguments.SingleFile();
        var format = ImgValues.ParseFormat(arguments.Value("f"));
        string[] actions = [.. new[] { "c", "a", "d", "l" }.Where(arguments.Has)];
        if (actions.Length != 1)
            throw new ImgUsageException("Cannot mix or omit snapshot actions: give exactly one of -c, -a, -d or -l");
        string action = actions[0];

        await using var image = ImgProgram.Open(file, format, writable: action != "l", ignoreBacking: true);
        if (action == "l")
        {
            var snapshots = image.GetInfo().Snapshots;
            if (snapshots.Count > 0)
                Console.Out.Write("Snapshot list:\n" + SnapshotTable.Text(snapshots));
            return 0;
        }
        string name = arguments.Value(action)!;
        switch (action)
        {
            case "c":
                await image.CreateSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
                break;
            case "a":
                await image.ApplySnapshotAsync(name, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await image.DeleteSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
                break;
        }
        await image.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
