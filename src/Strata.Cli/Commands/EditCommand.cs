using System.Diagnostics;
using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>
/// virsh's edit: the persistent definition goes into a private temporary file, the user's editor ($VISUAL, $EDITOR,
/// else vi) changes it, and a changed file is defined. A definition that is refused can be edited again when a
/// person is at the terminal; a script gets the error.
/// </summary>
internal static class EditCommand
{
    public static CommandSpec Command() =>
        new("edit", "domain", "edit XML configuration for a domain", "Edit the XML configuration for a domain.",
            [
                OptionSpec.Domain(),
                // Accepted as virsh's: Strata has no schema step, and checks every definition it is given either way.
                OptionSpec.Flag("skip-validate", "skip validation of the XML against the schema"),
            ],
            EditAsync);

    private static async Task<int> EditAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var ct = context.Cancellation;
        string original = await driver.GetXmlAsync(domain, inactive: true, ct).ConfigureAwait(false);
        string file = Path.Combine(Path.GetTempPath(), $"strata{Guid.NewGuid():N}.xml");
        try
        {
            await using (var stream = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            await using (var writer = new StreamWriter(stream))
                await writer.WriteAsync(original.AsMemory(), ct).ConfigureAwait(false);

            while (true)
            {
                await RunEditorAsync(file, ct).ConfigureAwait(false);
                string edited = await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
                if (edited == original)
                {
                    context.Out.WriteLine($"Domain '{domain.Name}' XML configuration not changed.");
                    return 0;
                }
                // Someone else's change made while the editor was open is not overwritten.
                if (await driver.GetXmlAsync(domain, inactive: true, ct).ConfigureAwait(false) != original)
                    throw new CommandFailedException("The XML configuration was changed by another user.");
                while (true)
                {
                    try
                    {
                        var defined = await driver.DefineAsync(edited, ct).ConfigureAwait(false);
                        context.Out.WriteLine($"Domain '{defined.Name}' XML configuration edited.");
                        return 0;
                    }
                    catch (StrataException error) when (!Console.IsInputRedirected)
                    {
                        await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                        switch (AskAgain())
                        {
                            case 'y':
                                break;
                            case 'f' or 'i':
                                continue; // define the same text again
                            default:
                                throw new CommandFailedException("Failed. Changes were thrown away.");
                        }
                        break;
                    }
                }
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>virsh's question after a refused definition: y edits again, f tries the same text again, n gives up.</summary>
    private static char AskAgain()
    {
        while (true)
        {
            Console.Error.Write("Failed. Try again? [y,n,i,f,?]: ");
            string answer = (Console.ReadLine() ?? "n").Trim();
            char choice = answer.Length == 1 ? answer[0] : '?';
            if (choice is 'y' or 'n' or 'i' or 'f')
                return choice;
            Console.Error.WriteLine("y - yes, start editor again");
            Console.Error.WriteLine("n - no, throw away my changes");
            Console.Error.WriteLine("i - turn off validation and try to redefine again");
            Console.Error.WriteLine("f - force, try to redefine again");
            Console.Error.WriteLine("? - print this help");
        }
    }

    /// <summary>The editor through the shell (so "code --wait" works), with the file as its last argument.</summary>
    private static async Task RunEditorAsync(string file, CancellationToken cancellationToken)
    {
        string editor = Environment.GetEnvironmentVariable("VISUAL") is { Length: > 0 } visual ? visual
            : Environment.GetEnvironmentVariable("EDITOR") is { Length: > 0 } set ? set : "vi";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (string argument in new[] { "-c", editor + " \"$1\"", "sh", file })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new CommandFailedException($"cannot run the editor '{editor}'");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // the file it edits is about to go
            throw;
        }
        if (process.ExitCode != 0)
            throw new CommandFailedException($"the editor '{editor}' exited with status {process.ExitCode}; nothing was changed");
    }
}
