namespace Strata;

/// <summary>
/// A libvirt connection URI: <c>driver[+transport]://[host]/path[?query]</c>, e.g. <c>qemu:///session</c>,
/// <c>test:///default</c>, <c>qemu+unix:///system?socket=/run/strata/strata-sock</c>.
/// </summary>
public sealed record ConnectionUri(string Driver, string? Transport, string Host, string Path, IReadOnlyDictionary<string, string> Query, string Text)
{
    public static ConnectionUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
            throw new ConnectionException($"invalid connection URI '{text}': expected driver:///path, e.g. qemu:///session");

        string scheme = text[..schemeEnd];
        string rest = text[(schemeEnd + 3)..];
        int plus = scheme.IndexOf('+', StringComparison.Ordinal);
        string driver = plus < 0 ? scheme : scheme[..plus];
        string? transport = plus < 0 ? null : scheme[(plus + 1)..];

        string queryText = "";
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            queryText = rest[(question + 1)..];
            rest = rest[..question];
        }
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string host = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? "/" : rest[slash..];

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in queryText.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            query[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        if (driver.Length == 0 || !driver.All(char.IsAsciiLetterOrDigit))
            throw new ConnectionException($"invalid connection URI '{text}': bad driver name '{driver}'");
        return new ConnectionUri(driver.ToLowerInvariant(), transport?.ToLowerInvariant(), host, path, query, text);
    }

    public override string ToString() => Text;
}
