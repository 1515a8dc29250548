using System.Globalization;
using System.Xml.Linq;
using Strata.Cli.Shell;
using Strata.Drivers;
using Strata.Protocol;

namespace Strata.Cli.Commands;

/// <summary><c>domstats</c>, <c>dommemstat</c>, <c>vcpuinfo</c> and <c>vcpucount</c>: a domain's statistics, as virsh prints them.</summary>
internal static class DomainStats
{
    /// <summary>virsh's group flags. Strata's own drivers gather the first six; a real libvirtd, the others too.</summary>
    private static readonly (string Flag, DomainStatsGroups Group, string Help)[] Groups =
    [
        ("state", DomainStatsGroups.State, "report domain state"),
        ("cpu-total", DomainStatsGroups.CpuTotal, "report domain physical cpu usage"),
        ("balloon", DomainStatsGroups.Balloon, "report domain balloon statistics"),
        ("vcpu", DomainStatsGroups.Vcpu, "report domain virtual cpu information"),
        ("interface", DomainStatsGroups.Interface, "report domain network interface information"),
        ("block", DomainStatsGroups.Block, "report domain block device statistics"),
        ("perf", DomainStatsGroups.Perf, "report domain perf event statistics"),
        ("iothread", DomainStatsGroups.IoThread, "report domain IOThread information"),
        ("memory", DomainStatsGroups.Memory, "report domain memory usage"),
        ("dirtyrate", DomainStatsGroups.DirtyRate, "report domain dirty rate information"),
        ("vm", DomainStatsGroups.Vm, "report hypervisor-specific statistics"),
    ];

    /// <summary>virsh's --list-* flags and the listing filter of each (<c>virConnectGetAllDomainStatsFlags</c>' low byte).</summary>
    private static readonly (string Flag, ListAllDomainsFlags Filter, string Help)[] Filters =
    [
        ("list-active", ListAllDomainsFlags.Active, "list only active domains"),
        ("list-inactive", ListAllDomainsFlags.Inactive, "list only inactive domains"),
        ("list-persistent", ListAllDomainsFlags.Persistent, "list only persistent domains"),
        ("list-transient", ListAllDomainsFlags.Transient, "list only transient domains"),
        ("list-running", ListAllDomainsFlags.Running, "list only running domains"),
        ("list-paused", ListAllDomainsFlags.Paused, "list only paused domains"),
        ("list-shutoff", ListAllDomainsFlags.Shutoff, "list only shutoff domains"),
        ("list-other", ListAllDomainsFlags.Other, "list only domains in other states"),
    ];

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("domstats", "monitor", "get statistics about one or multiple domains",
            "Gets statistics about one or more (or all) domains",
            [
                .. Groups.Select(g => OptionSpec.Flag(g.Flag, g.Help)),
                .. Filters.Select(f => OptionSpec.Flag(f.Flag, f.Help)),
                OptionSpec.Flag("raw", "do not pretty-print the fields"),
                OptionSpec.Flag("enforce", "enforce requested stats parameters"),
                // Strata reports no backing chains and takes no job lock to wait for: accepted, as virsh's scripts pass them.
                OptionSpec.Flag("backing", "add backing chain information to block stats"),
                OptionSpec.Flag("nowait", "report only stats that are accessible instantly"),
                OptionSpec.DataList("domain", "list of domains to get stats for"),
            ],
            StatsAsync);
        yield return new("dommemstat", "monitor", "get memory statistics for a domain",
            "Get memory statistics for a running domain.", [OptionSpec.Domain()], MemoryStatsAsync);
        yield return new("vcpuinfo", "domain", "detailed domain vcpu information", "Returns basic information about the domain virtual CPUs.",
            [OptionSpec.Domain(), OptionSpec.Flag("pretty", "return human readable output")], VcpuInfoAsync);
        yield return new("vcpucount", "domain", "domain vcpu counts", "Returns the number of virtual CPUs used by the domain.",
            [
                OptionSpec.Domain(),
                OptionSpec.Flag("maximum", "get maximum count of vcpus"),
                OptionSpec.Flag("active", "get number of currently active vcpus"),
                OptionSpec.Flag("live", "get value from running domain"),
                OptionSpec.Flag("config", "get value to be used on next boot"),
                OptionSpec.Flag("current", "get value according to current domain state"),
            ],
            VcpuCountAsync);
    }

    private static async Task<int> StatsAsync(CommandContext context)
    {
        var args = context.Args;
        var groups = DomainStatsGroups.None;
        foreach (var group in Groups.Where(g => args.Has(g.Flag)))
            groups |= group.Group;
        var filters = ListAllDomainsFlags.None;
        foreach (var filter in Filters.Where(f => args.Has(f.Flag)))
            filters |= filter.Filter;
        var connection = await context.ConnectAsync().ConfigureAwait(false);
        var ct = context.Cancellation;

        // Named domains (each must exist, as virsh looks them up first) pass the same filters as a listing.
        var listing = await connection.ListDomainsAsync(DomainListFilter.All, ct).ConfigureAwait(false);
        List<DomainSummary> domains;
        if (args.GetAll("domain") is { Count: > 0 } named)
        {
            domains = [];
            foreach (string name in named)
            {
                var domain = await context.LookupAsync(name).ConfigureAwait(false);
                domains.AddRange(listing.Where(d => d.Domain.Uuid == domain.Uuid));
            }
        }
        else
        {
            domains = [.. listing];
            domains.Sort(DomainList.VirshOrder);
        }

        bool first = true;
        foreach (var domain in domains.Where(d => DomainFilter.Matches(filters, d)))
        {
            IReadOnlyList<TypedParameter> stats;
            try
            {
                stats = await connection.Driver.GetStatsAsync(domain.Domain, groups, args.Has("enforce"), ct).ConfigureAwait(false);
            }
            catch (DomainNotFoundException)
            {
                continue; // undefined since the listing
            }
            if (!first)
                context.Out.WriteLine(); // a blank line between records; the shell ends the command with one
            first = false;
            context.Out.WriteLine($"Domain: '{domain.Domain.Name}'");
            foreach (var parameter in stats)
                context.Out.WriteLine($"  {parameter.Field}={parameter.ValueText}");
        }
        return 0;
    }

    private static async Task<int> MemoryStatsAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        IReadOnlyList<MemoryStat> stats;
        try
        {
            stats = await driver.GetMemoryStatsAsync(domain, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to get memory statistics for domain {domain.Name}", error);
        }
        foreach (var stat in stats)
            context.Out.WriteLine($"{stat.Name} {stat.Value}");
        return 0;
    }

    private static async Task<int> VcpuInfoAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var ct = context.Cancellation;
        var info = await driver.GetInfoAsync(domain, ct).ConfigureAwait(false);
        int hostCpus = (await driver.GetNodeInfoAsync(ct).ConfigureAwait(false)).Cpus;
        var o = context.Out;
        void Row(string label, string value) => o.WriteLine($"{label,-15} {value}");
        string Affinity(IReadOnlyList<int> cpus) => context.Args.Has("pretty")
            ? string.Create(CultureInfo.InvariantCulture, $"{CpuRanges(cpus)} (out of {hostCpus})")
            : string.Concat(Enumerable.Range(0, hostCpus).Select(c => cpus.Contains(c) ? 'y' : '-'));

        // A domain that does not run has no vCPU threads: virsh prints N/A and the vCPUs' allowed CPUs (all, here).
        var vcpus = info.Status.IsActive ? await driver.GetVcpusAsync(domain, ct).ConfigureAwait(false) : null;
        int count = vcpus?.Count ?? info.Vcpus;
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                o.WriteLine();
            var vcpu = vcpus?[i];
            Row("VCPU:", (vcpu?.Number ?? i).ToString(CultureInfo.InvariantCulture));
            Row("CPU:", vcpu is null ? "N/A" : vcpu.HostCpu.ToString(CultureInfo.InvariantCulture));
            Row("State:", vcpu is null ? "N/A" : StateText(vcpu.State));
            if (vcpu is null)
                Row("CPU time", "N/A"); // virsh's own spelling for this row, without the colon
            else if (vcpu.CpuTimeNs > 0)
                Row("CPU time:", CpuSeconds.Format(vcpu.CpuTimeNs));
            Row("CPU Affinity:", Affinity(vcpu?.Affinity ?? [.. Enumerable.Range(0, hostCpus)]));
        }
        return 0;
    }

    /// <summary>
    /// virsh's vcpucount: with no flags, a table of the maximum and current counts, in the definition and (while
    /// it runs) live; with flags, the one count they name. The live counts come from the domain's statistics (vCPUs
    /// may have been hot-plugged), the configured ones from its inactive XML.
    /// </summary>
    private static async Task<int> VcpuCountAsync(CommandContext context)
    {
        var args = context.Args;
        foreach (var (one, other) in new[] { ("current", "live"), ("current", "config"), ("live", "config"), ("active", "maximum") })
            args.RequireExclusive(one, other);
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        var ct = context.Cancellation;
        var status = await driver.GetStatusAsync(domain, ct).ConfigureAwait(false);

        // Only <vcpu> is read: a real libvirtd's XML may have elements Strata's own parser does not take.
        async Task<(int Maximum, int Current)> ConfigAsync()
        {
            var vcpu = XElement.Parse(await driver.GetXmlAsync(domain, inactive: true, ct).ConfigureAwait(false)).Element("vcpu");
            int maximum = vcpu is null ? 1 : int.Parse(vcpu.Value.Trim(), CultureInfo.InvariantCulture);
            return (maximum, (int?)vcpu?.Attribute("current") ?? maximum);
        }
        async Task<(int Maximum, int Current)> LiveAsync()
        {
            DomainTransitions.RequireActive(status);
            var stats = (await driver.GetStatsAsync(domain, DomainStatsGroups.Vcpu, enforce: false, ct).ConfigureAwait(false))
                .ToDictionary(p => p.Field, p => (int)p.Unsigned, StringComparer.Ordinal);
            if (stats.TryGetValue("vcpu.maximum", out int maximum) && stats.TryGetValue("vcpu.current", out int current))
                return (maximum, current);
            // A driver without the vcpu group (the test driver): what dominfo says, which cannot tell them apart.
            int vcpus = (await driver.GetInfoAsync(domain, ct).ConfigureAwait(false)).Vcpus;
            return (vcpus, vcpus);
        }

        if (new[] { "maximum", "active", "live", "config", "current" }.Any(args.Has))
        {
            bool live = args.Has("live") || (!args.Has("config") && status.IsActive);
            var counts = live ? await LiveAsync().ConfigureAwait(false) : await ConfigAsync().ConfigureAwait(false);
            context.Out.WriteLine((args.Has("maximum") ? counts.Maximum : counts.Current).ToString(CultureInfo.InvariantCulture));
            return 0;
        }
        var config = await ConfigAsync().ConfigureAwait(false);
        (int Maximum, int Current)? running = status.IsActive ? await LiveAsync().ConfigureAwait(false) : null;
        void Row(string which, string where, int count) => context.Out.WriteLine($"{which,-12} {where,-14} {count}");
        Row("maximum", "config", config.Maximum);
        if (running is { } maximumLive)
            Row("maximum", "live", maximumLive.Maximum);
        Row("current", "config", config.Current);
        if (running is { } currentLive)
            Row("current", "live", currentLive.Current);
        return 0;
    }

    /// <summary>A vCPU's state as virsh words it.</summary>
    private static string StateText(VcpuState state) => state switch
    {
        VcpuState.Offline => "offline",
        VcpuState.Running => "running",
        VcpuState.Blocked => "idle",
        _ => "no state",
    };

    /// <summary>CPU numbers as ranges ("0-3,6"), as virsh's --pretty prints an affinity.</summary>
    private static string CpuRanges(IReadOnlyList<int> cpus)
    {
        var ranges = new List<string>();
        for (int i = 0; i < cpus.Count;)
        {
            int end = i;
            while (end + 1 < cpus.Count && cpus[end + 1] == cpus[end] + 1)
                end++;
            ranges.Add(end == i ? cpus[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{cpus[i]}-{cpus[end]}"));
            i = end + 1;
        }
        return string.Join(',', ranges);
    }
}
