using System.Globalization;
using Strata.Cli.Shell;
using Strata.Drivers;

namespace Strata.Cli.Commands;

/// <summary><c>domstats</c>, <c>dommemstat</c> and <c>vcpuinfo</c>: a domain's statistics, as virsh prints them.</summary>
internal static class DomainStats
{
    /// <summary>virsh's group flags and libvirt's bit for each (<c>virDomainStatsTypes</c>), Strata's groups and the rest.</summary>
    private static readonly (string Flag, uint Bit, string Help)[] Groups =
    [
        ("state", 1 << 0, "report domain state"),
        ("cpu-total", 1 << 1, "report domain physical cpu usage"),
        ("balloon", 1 << 2, "report domain balloon statistics"),
        ("vcpu", 1 << 3, "report domain virtual cpu information"),
        ("interface", 1 << 4, "report domain network interface information"),
        ("block", 1 << 5, "report domain block device statistics"),
        ("perf", 1 << 6, "report domain perf event statistics"),
        ("iothread", 1 << 7, "report domain IOThread information"),
        ("memory", 1 << 8, "report domain memory usage"),
        ("dirtyrate", 1 << 9, "report domain dirty rate information"),
        ("vm", 1 << 10, "report hypervisor-specific statistics"),
    ];

    /// <summary>virsh's --list-* flags, each a test on a listed domain.</summary>
    private static readonly (string Flag, string Help, Func<DomainSummary, bool> Matches)[] Filters =
    [
        ("list-active", "list only active domains", d => d.Status.IsActive),
        ("list-inactive", "list only inactive domains", d => !d.Status.IsActive),
        ("list-persistent", "list only persistent domains", d => d.Persistent),
        ("list-transient", "list only transient domains", d => !d.Persistent),
        ("list-running", "list only running domains", d => d.Status.State == DomainState.Running),
        ("list-paused", "list only paused domains", d => d.Status.State == DomainState.Paused),
        ("list-shutoff", "list only shutoff domains", d => d.Status.State == DomainState.Shutoff),
        ("list-other", "list only domains in other states",
            d => d.Status.State is not (DomainState.Running or DomainState.Paused or DomainState.Shutoff)),
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
                OptionSpec.DataList("domain", "list of domains to get stats for"),
            ],
            StatsAsync);
        yield return new("dommemstat", "monitor", "get memory statistics for a domain",
            "Get memory statistics for a running domain.", [OptionSpec.Domain()], MemoryStatsAsync);
        yield return new("vcpuinfo", "domain", "detailed domain vcpu information", "Returns basic information about the domain virtual CPUs.",
            [OptionSpec.Domain(), OptionSpec.Flag("pretty", "return human readable output")], VcpuInfoAsync);
    }

    private static async Task<int> StatsAsync(CommandContext context)
    {
        var args = context.Args;
        uint bits = 0;
        foreach (var group in Groups.Where(g => args.Has(g.Flag)))
            bits |= group.Bit;
        var groups = DomainStatsRequest.Select(bits, args.Has("enforce"));
        var connection = await context.ConnectAsync().ConfigureAwait(false);
        var ct = context.Cancellation;

        var domains = new List<DomainRef>();
        if (args.GetAll("domain") is { Count: > 0 } named)
        {
            if (Filters.Any(f => args.Has(f.Flag)))
                throw new CommandFailedException("domain list filtering options are not supported together with domain names");
            foreach (string name in named)
                domains.Add(await context.LookupAsync(name).ConfigureAwait(false));
        }
        else
        {
            var listing = (await connection.ListDomainsAsync(DomainListFilter.All, ct).ConfigureAwait(false))
                .Where(d => Filters.All(f => !args.Has(f.Flag) || f.Matches(d)))
                .ToList();
            listing.Sort(DomainList.VirshOrder);
            domains.AddRange(listing.Select(d => d.Domain));
        }

        bool first = true;
        foreach (var domain in domains)
        {
            IReadOnlyList<TypedParameter> stats;
            try
            {
                stats = groups is { } some ? await connection.Driver.GetStatsAsync(domain, some, ct).ConfigureAwait(false) : [];
            }
            catch (DomainNotFoundException) when (args.GetAll("domain").Count == 0)
            {
                continue; // undefined since the listing
            }
            if (!first)
                context.Out.WriteLine(); // a blank line between records; the shell ends the command with one
            first = false;
            context.Out.WriteLine($"Domain: '{domain.Name}'");
            foreach (var parameter in stats)
                context.Out.WriteLine($"  {parameter.Field}={parameter.ValueText}");
        }
        return 0;
    }

    private static async Task<int> MemoryStatsAsync(CommandContext context)
    {
        var domain = await context.DomainAsync().ConfigureAwait(false);
        var driver = (await context.ConnectAsync().ConfigureAwait(false)).Driver;
        try
        {
            DomainTransitions.RequireActive(await driver.GetStatusAsync(domain, context.Cancellation).ConfigureAwait(false));
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Failed to get memory statistics for domain {domain.Name}", error);
        }
        var stats = await driver.GetStatsAsync(domain, DomainStatsGroups.Balloon, context.Cancellation).ConfigureAwait(false);
        foreach (var rss in stats.Where(p => p.Field == "balloon.rss"))
            context.Out.WriteLine($"rss {rss.Unsigned}");
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
            Row("State:", vcpu is null ? "N/A" : vcpu.State.ToString().ToLowerInvariant());
            if (vcpu is null)
                Row("CPU time", "N/A"); // virsh's own spelling for this row, without the colon
            else
                Row("CPU time:", (vcpu.CpuTimeNs / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + "s");
            Row("CPU Affinity:", Affinity(vcpu?.Affinity ?? [.. Enumerable.Range(0, hostCpus)]));
        }
        return 0;
    }

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
