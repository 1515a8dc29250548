using System.Globalization;
using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary>dominfo, domstate, domid, domuuid, domname: what virsh answers about one domain.</summary>
internal static class DomainQueries
{
    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("dominfo", "domain", "domain information", "Returns basic information about the domain.",
            [OptionSpec.Domain(), OptionSpec.Flag("json", "print as JSON, for scripts")], InfoAsync);
        yield return new("domstate", "domain", "domain state", "Returns state about a domain.",
            [OptionSpec.Domain(), OptionSpec.Flag("reason", "also print reason for the state"), OptionSpec.Flag("json", "print as JSON, for scripts")], StateAsync);
        yield return Echo("domid", "convert a domain name or UUID to domain id", "Converts a domain name or UUID to a domain id.",
            "domain name or uuid", d => d.HasId ? d.Id.ToString(CultureInfo.InvariantCulture) : "-");
        yield return Echo("domuuid", "convert a domain name or id to domain UUID", "Converts a domain name or id to a domain UUID.",
            "domain id or name", d => d.Uuid.ToString());
        yield return Echo("domname", "convert a domain id or UUID to domain name", "Converts a domain id or UUID to a domain name.",
            "domain id or uuid", d => d.Name);
    }

    /// <summary>A command that looks a domain up and prints one of its identities.</summary>
    private static CommandSpec Echo(string name, string summary, string description, string domainHelp, Func<DomainRef, string> show) =>
        new(name, "domain", summary, description, [OptionSpec.Domain(domainHelp)], async context =>
        {
            context.Out.WriteLine(show(await context.DomainAsync().ConfigureAwait(false)));
            return 0;
        });

    private static async Task<int> InfoAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var ct = context.Cancellation;
        var info = await driver.GetInfoAsync(domain, ct).ConfigureAwait(false);
        // Re-read the identity: the info call may have noticed the domain stopped (and lost its id).
        domain = await driver.LookupByUuidAsync(domain.Uuid, ct).ConfigureAwait(false);
        string osType = await driver.GetOsTypeAsync(domain, ct).ConfigureAwait(false);
        bool persistent = await driver.IsPersistentAsync(domain, ct).ConfigureAwait(false);
        bool autostart = await driver.GetAutostartAsync(domain, ct).ConfigureAwait(false);

        if (context.Args.Has("json"))
        {
            Json.Write(context.Out, writer =>
            {
                writer.WriteStartObject();
                if (domain.HasId) writer.WriteNumber("id", domain.Id); else writer.WriteNull("id");
                writer.WriteString("name", domain.Name);
                writer.WriteString("uuid", domain.Uuid);
                writer.WriteString("osType", osType);
                Json.WriteStatus(writer, info.Status);
                writer.WriteNumber("vcpus", info.Vcpus);
                writer.WriteNumber("cpuTimeNs", info.CpuTimeNs);
                writer.WriteNumber("maxMemoryKiB", info.MaxMemoryKiB);
                writer.WriteNumber("memoryKiB", info.MemoryKiB);
                writer.WriteBoolean("persistent", persistent);
                writer.WriteBoolean("autostart", autostart);
                writer.WriteEndObject();
            });
            return 0;
        }

        var o = context.Out;
        void Row(string label, string value) => o.WriteLine($"{label + ":",-16}{value}");
        Row("Id", domain.HasId ? domain.Id.ToString(CultureInfo.InvariantCulture) : "-");
        Row("Name", domain.Name);
        Row("UUID", domain.Uuid.ToString());
        Row("OS Type", osType);
        Row("State", info.Status.StateText);
        Row("CPU(s)", info.Vcpus.ToString(CultureInfo.InvariantCulture));
        if (info.CpuTimeNs > 0)
            Row("CPU time", CpuSeconds.Format(info.CpuTimeNs));
        Row("Max memory", $"{info.MaxMemoryKiB} KiB");
        Row("Used memory", $"{info.MemoryKiB} KiB");
        Row("Persistent", persistent ? "yes" : "no");
        Row("Autostart", autostart ? "enable" : "disable");
        Row("Managed save", "no");
        Row("Security model", "none");
        Row("Security DOI", "0");
        return 0;
    }

    private static async Task<int> StateAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var status = await driver.GetStatusAsync(domain, context.Cancellation).ConfigureAwait(false);
        if (context.Args.Has("json"))
        {
            Json.Write(context.Out, writer =>
            {
                writer.WriteStartObject();
                Json.WriteStatus(writer, status);
                writer.WriteEndObject();
            });
            return 0;
        }
        context.Out.WriteLine(context.Args.Has("reason") ? $"{status.StateText} ({status.ReasonText})" : status.StateText);
        return 0;
    }
}
