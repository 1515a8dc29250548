using Strata.Cli.Shell;
using Strata.Environments;
using Strata.Environments.Files;
using Strata.Storage;

namespace Strata.Cli.Env;

/// <summary>init and box: what comes before the first <c>up</c>.</summary>
internal static class SetupVerbs
{
    /// <summary>Writes a commented sample strata.yaml (refusing to overwrite one unless -f).</summary>
    public static async Task<int> InitAsync(EnvContext context)
    {
        var args = EnvArguments.Parse("init", context.Args, ["-f", "--force"]).AtMost(1, "at most a box name");
        string box = args.Positionals.FirstOrDefault() ?? EnvironmentFileReader.DefaultBox;
        string path = Path.Combine(Directory.GetCurrentDirectory(), EnvironmentFile.FileName);
        if (File.Exists(path) && !(args.Has("-f") || args.Has("--force")))
            throw new EnvironmentException($"{EnvironmentFile.FileName} already exists here: remove it first, or use -f to overwrite it");
        string text = SampleFile.Text(box);
        // What init writes must be what up reads: a box name that breaks the file is refused here.
        EnvironmentFileReader.Parse(text, path, Directory.GetCurrentDirectory());
        await AtomicFile.WriteAllTextAsync(path, text, context.Cancellation).ConfigureAwait(false);
        // A project file, not private state: readable by all, as `vagrant init` leaves its Vagrantfile.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        context.Out.WriteLine($"A {EnvironmentFile.FileName} has been written to this folder (box '{box}'). Read its comments, then 'strata env up'.");
        return 0;
    }

    public static async Task<int> BoxAsync(EnvContext context)
    {
        if (context.Args.Length == 0)
            throw new UsageException("'env box' needs add, list or remove");
        string action = context.Args[0];
        var args = EnvArguments.Parse($"box {action}", context.Args[1..], ["-f", "--force"]);
        switch (action)
        {
            case "add":
                if (args.Positionals.Count != 2)
                    throw new UsageException("usage: strata env box add NAME FILE.box [-f]");
                var progress = new LineProgress(line => context.Out.WriteLine($"==> box: {line}"));
                var added = await context.Boxes.AddAsync(args.Positionals[0], Path.GetFullPath(args.Positionals[1]),
                    args.Has("-f") || args.Has("--force"), progress, context.Cancellation).ConfigureAwait(false);
                context.Out.WriteLine($"==> box: added '{added.Name}' ({added.Format}, {added.ImagePath})");
                return 0;
            case "list":
                args.AtMost(0, "no arguments");
                var boxes = context.Boxes.List();
                if (boxes.Count == 0)
                    context.Out.WriteLine("There are no boxes yet: 'tiny' is built on its first use, 'strata env box add NAME FILE.box' imports one.");
                else
                    Table.Write(context.Out, ["Name", "Format", "User", "Image"], [.. boxes.Select(b => (IReadOnlyList<string>)[b.Name, b.Format.ToString().ToLowerInvariant(), b.Boot.SshUser, b.ImagePath])]);
                return 0;
            case "remove":
                args.AtMost(1, "one box name");
                if (args.Positionals.Count != 1)
                    throw new UsageException("usage: strata env box remove NAME");
                if (!context.Boxes.Remove(args.Positionals[0]))
                    throw new EnvironmentException($"no box '{args.Positionals[0]}' on this host ('strata env box list')");
                context.Out.WriteLine($"==> box: removed '{args.Positionals[0]}'");
                return 0;
            default:
                throw new UsageException($"unknown box action '{action}' (add, list or remove)");
        }
    }
}
