using System.Collections.Concurrent;
using Strata.Domains;

namespace Strata.Drivers.Qemu;

/// <summary>
/// Parsed definitions, keyed by their exact XML text. Every look at a domain re-reads its files (another process
/// may have changed them), but reading a small file is cheap and parsing it is not: a long-lived process (a
/// daemon, a listing of many domains) parses each distinct definition once. Keyed by content, it cannot go stale.
/// </summary>
internal static class ParsedDefinitions
{
    // Enough for thousands of domains; past it the memo starts over rather than grow without bound.
    private const int Capacity = 8192;

    private static readonly ConcurrentDictionary<string, DomainDefinition> Memo = new(StringComparer.Ordinal);

    public static DomainDefinition Parse(string xml)
    {
        if (Memo.TryGetValue(xml, out var known))
            return known;
        var parsed = DomainXml.Parse(xml);
        Remember(xml, parsed);
        return parsed;
    }

    /// <summary>
    /// Records that <paramref name="xml"/>, which Strata formatted from <paramref name="definition"/>, parses to it
    /// (formatting is a fixed point of parsing): a file just written is not parsed again when it is next read.
    /// </summary>
    public static void Remember(string xml, DomainDefinition definition)
    {
        if (Memo.Count >= Capacity)
            Memo.Clear();
        Memo[xml] = definition;
    }
}
