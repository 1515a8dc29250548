using Strata.Cli.Shell;

namespace Strata.Cli.Commands;

/// <summary><c>list</c>: virsh's table, or names, or UUIDs, or JSON.</summary>
internal static class DomainList
{
    public static CommandSpec Command() => new("list", "domain", "list domains", "Returns list of domains.",
        [
            OptionSpec.Flag("inactive", "list inactive domains"),
            OptionSpec.Flag("all", "list inactive & active domains"),
            OptionSpec.Flag("transient", "list transient domains"),
            OptionSpec.Flag("persistent", "list persistent domains"),
            OptionSpec.Flag("state-running", "list domains in running state"),
            OptionSpec.Flag("state-paused", "list domains in paused state"),
            OptionSpec.Flag("state-shutoff", "list domains in shutoff state"),
            OptionSpec.Flag("state-other", "list domains in other states"),
            OptionSpec.Flag("autostart", "list domains with autostart enabled"),
            OptionSpec.Flag("no-autostart", "list domains with autostart disabled"),
            OptionSpec.Flag("uuid", "list uuid's only"),
            OptionSpec.Flag("name", "list domain names only"),
            OptionSpec.Flag("id", "list domain IDs only"),
            OptionSpec.Flag("table", "list table (default)"),
            OptionSpec.Flag("json", "list as JSON, for scripts"),
        ],
        RunAsync);

    /// <summary>virsh's --state-* flags; any of them widens the listing to inactive domains too.</summary>
    private static readonly (string Flag, Func<DomainState, bool> Matches)[] StateFlags =
    [
        ("state-running", s => s == DomainState.Running),
        ("state-paused", s => s == DomainState.Paused),
        ("state-shutoff", s => s == DomainState.Shutoff),
        ("state-other", s => s is not (DomainState.Running or DomainState.Paused or DomainState.Shutoff)),
    ];

    private static async Task<int> RunAsync(CommandContext context)
    {
        var args = context.Args;
        bool anyState = StateFlags.Any(f => args.Has(f.Flag));
        var filter = args.Has("all") || anyState ? DomainListFilter.All
            : args.Has("inactive") ? DomainListFilter.Inactive
            : DomainListFilter.Active;
        if (args.Has("transient"))
            filter |= DomainListFilter.Transient;
        if (args.Has("persistent"))
            filter |= DomainListFilter.Persistent;

        var connection = await context.ConnectAsync().ConfigureAwait(false);
        var domains = (await connection.ListDomainsAsync(filter, context.Cancellation).ConfigureAwait(false))
            .Where(d => !anyState || StateFlags.Any(f => args.Has(f.Flag) && f.Matches(d.Status.State)))
            .Where(d => !args.Has("autostart") || d.Autostart)
            .Where(d => !args.Has("no-autostart") || !d.Autostart)
            .ToList();
        domains.Sort(VirshOrder);

        if (args.Has("json"))
        {
            Json.Write(context.Out, writer =>
            {
                writer.WriteStartArray();
                foreach (var d in domains)
                {
                    writer.WriteStartObject();
                    if (d.Domain.HasId)
                        writer.WriteNumber("id", d.Domain.Id);
                    else
                        writer.WriteNull("id");
                    writer.WriteString("name", d.Domain.Name);
                    writer.WriteString("uuid", d.Domain.Uuid);
                    Json.WriteStatus(writer, d.Status);
                    writer.WriteBoolean("persistent", d.Persistent);
                    writer.WriteBoolean("autostart", d.Autostart);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
            return 0;
        }

        bool names = args.Has("name"), uuids = args.Has("uuid"), ids = args.Has("id");
        if (names || uuids || ids)
        {
            // As virsh: one line per domain with the chosen fields, then a blank line.
            foreach (var d in domains)
            {
                if (ids && !d.Domain.HasId)
                    continue;
                var fields = new List<string>(3);
                if (ids) fields.Add(d.Domain.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (uuids) fields.Add(d.Domain.Uuid.ToString());
                if (names) fields.Add(d.Domain.Name);
                context.Out.WriteLine(string.Join(' ', fields));
            }
            return 0;
        }

        Table.Write(context.Out, ["Id", "Name", "State"], domains.Select(d => (IReadOnlyList<string>)
            [d.Domain.HasId ? d.Domain.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-", d.Domain.Name, d.Status.StateText]).ToList());
        return 0;
    }

    /// <summary>
    /// virsh's order: running domains by id, then the others by name. A comparison rather than OrderBy().ThenBy():
    /// in the AOT binary ThenBy is a generic virtual method that the runtime's type loader builds on first use,
    /// about a fifth of a millisecond of every <c>list</c>. Names are unique, so the order is total.
    /// </summary>
    internal static int VirshOrder(DomainSummary a, DomainSummary b)
    {
        if (a.Domain.HasId != b.Domain.HasId)
            return a.Domain.HasId ? -1 : 1;
        if (a.Domain.HasId && a.Domain.Id != b.Domain.Id)
            return a.Domain.Id.CompareTo(b.Domain.Id);
        return string.CompareOrdinal(a.Domain.Name, b.Domain.Name);
    }
}
