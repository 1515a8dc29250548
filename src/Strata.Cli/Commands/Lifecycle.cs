using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>start, shutdown, destroy, reboot, reset, suspend, resume, undefine: one domain, one verb, virsh's messages.</summary>
internal static class Lifecycle
{
    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("start", "domain", "start a (previously defined) inactive domain",
            "Start a (previously defined) inactive domain.",
            [OptionSpec.Domain("name of the inactive domain"), OptionSpec.Flag("console", "attach to console after creation")],
            StartAsync);
        yield return new("shutdown", "domain", "gracefully shutdown a domain",
            "Run shutdown in the target domain (presses its ACPI power button). With --wait (a Strata addition), " +
            "return only once the guest has powered off.",
            [OptionSpec.Domain(), OptionSpec.Flag("wait", "wait until the guest has powered off")], ShutdownAsync);
        yield return Simple("destroy", "destroy (stop) a domain", "Destroy a given domain.",
            (d, c, t) => d.DestroyAsync(c, t), "Failed to destroy domain", "destroyed");
        yield return Simple("reboot", "reboot a domain", "Run a reboot command in the target domain.",
            (d, c, t) => d.RebootAsync(c, t), "Failed to reboot domain", "is being rebooted");
        yield return Simple("reset", "reset a domain", "Reset the target domain as if by power button",
            (d, c, t) => d.ResetAsync(c, t), "Failed to reset domain", "was reset");
        yield return Simple("suspend", "suspend a domain", "Suspend a running domain.",
            (d, c, t) => d.SuspendAsync(c, t), "Failed to suspend domain", "suspended");
        yield return Simple("resume", "resume a domain", "Resume a previously suspended domain.",
            (d, c, t) => d.ResumeAsync(c, t), "Failed to resume domain", "resumed");
        yield return Simple("undefine", "undefine a domain", "Undefine an inactive domain, or convert persistent to transient.",
            (d, c, t) => d.UndefineAsync(c, t), "Failed to undefine domain", "has been undefined");
    }

    private static CommandSpec Simple(string name, string summary, string description,
        Func<IDriver, DomainRef, CancellationToken, Task> action, string failure, string done) =>
        new(name, "domain", summary, description, [OptionSpec.Domain()], async context =>
        {
            var domain = await context.DomainAsync().ConfigureAwait(false);
            var connection = await context.ConnectAsync().ConfigureAwait(false);
            try
            {
                await action(connection.Driver, domain, context.Cancellation).ConfigureAwait(false);
            }
            catch (StrataException error)
            {
                throw new CommandFailedException($"{failure} '{domain.Name}'", error);
            }
            context.Out.WriteLine($"Domain '{domain.Name}' {done}");
            return 0;
        });

    private static async Task<int> ShutdownAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        try
        {
            await driver.ShutdownAsync(domain, context.Cancellation).ConfigureAwait(false);
            context.Out.WriteLine($"Domain '{domain.Name}' is being shutdown");
            if (context.Args.Has("wait"))
            {
                var final = await driver.WaitForStopAsync(domain, context.Cancellation).ConfigureAwait(false);
                context.Out.WriteLine($"Domain '{domain.Name}' is {final.StateText} ({final.ReasonText})");
            }
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to shutdown domain '{domain.Name}'", error);
        }
        return 0;
    }

    private static async Task<int> StartAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        // virsh checks this itself, before asking the driver, and words it so.
        if (domain.HasId)
            throw new CommandFailedException("Domain is already active");
        var connection = await context.ConnectAsync().ConfigureAwait(false);
        try
        {
            await connection.Driver.StartAsync(domain, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to start domain '{domain.Name}'", error);
        }
        context.Out.WriteLine($"Domain '{domain.Name}' started");
        if (context.Args.Has("console"))
            return await ConsoleCommand.AttachAsync(context, domain).ConfigureAwait(false);
        return 0;
    }
}
