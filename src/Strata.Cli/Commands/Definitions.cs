using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>define, create, dumpxml, autostart: the persistent side of a domain.</summary>
internal static class Definitions
{
    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("define", "domain", "define (but don't start) a domain from an XML file",
            "Define a domain.", [OptionSpec.Data("file", "file containing an XML domain description")],
            context => FromFileAsync(context, (driver, xml, ct) => driver.DefineAsync(xml, ct), "define", "defined"));
        yield return new("create", "domain", "create a domain from an XML file",
            "Create a domain.", [OptionSpec.Data("file", "file containing an XML domain description"), OptionSpec.Flag("console", "attach to console after creation")],
            context => FromFileAsync(context, (driver, xml, ct) => driver.CreateAsync(xml, ct), "create", "created"));
        yield return new("dumpxml", "domain", "domain information in XML", "Output the domain information as an XML dump to stdout.",
            [OptionSpec.Domain(), OptionSpec.Flag("inactive", "show inactive defined XML")], async context =>
            {
                var domain = await context.DomainAsync().ConfigureAwait(false);
                var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
                string xml = await driver.GetXmlAsync(domain, context.Args.Has("inactive"), context.Cancellation).ConfigureAwait(false);
                context.Out.Write(xml);
                return 0;
            });
        yield return new("autostart", "domain", "autostart a domain", "Configure a domain to be automatically started at boot.",
            [OptionSpec.Domain(), OptionSpec.Flag("disable", "disable autostarting")], async context =>
            {
                var domain = await context.DomainAsync().ConfigureAwait(false);
                var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
                bool enable = !context.Args.Has("disable");
                try
                {
                    await driver.SetAutostartAsync(domain, enable, context.Cancellation).ConfigureAwait(false);
                }
                catch (StrataException error)
                {
                    throw new CommandFailedException(enable ? $"Failed to mark domain '{domain.Name}' as autostarted" : $"Failed to unmark domain '{domain.Name}' as autostarted", error);
                }
                context.Out.WriteLine(enable ? $"Domain '{domain.Name}' marked as autostarted" : $"Domain '{domain.Name}' unmarked as autostarted");
                return 0;
            });
    }

    /// <summary>define and create: read the XML file, hand it to the driver, report as virsh does.</summary>
    private static async Task<int> FromFileAsync(CommandContext context, Func<IDriver, string, CancellationToken, Task<DomainRef>> action, string verb, string done)
    {
        string file = context.Args.Required("file");
        string xml = await ReadFileAsync(file, context.Cancellation).ConfigureAwait(false);
        var connection = await context.ConnectAsync().ConfigureAwait(false);
        DomainRef domain;
        try
        {
            domain = await action(connection.Driver, xml, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to {verb} domain from {file}", error);
        }
        context.Out.WriteLine($"Domain '{domain.Name}' {done} from {file}");
        return context.Args.Has("console") ? await ConsoleCommand.AttachAsync(context, domain).ConfigureAwait(false) : 0;
    }

    /// <summary>Reads a file a command names, with virsh's wording when it cannot.</summary>
    internal static async Task<string> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException when Directory.Exists(file) => "Is a directory",
                UnauthorizedAccessException => "Permission denied",
                _ => e.Message,
            };
            throw new CommandFailedException($"Failed to open file '{file}': {why}");
        }
    }
}
