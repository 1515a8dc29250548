namespace Strata.Environments.Guests;

/// <summary>Checks what a spec puts on a kernel command line or into a cloud-init file, where a stray character would change its meaning.</summary>
internal static class GuestSpecChecks
{
    private const int MaxHostnameLength = 253;
    private const int MaxLabelLength = 63;

    public static void Validate(GuestSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string host = spec.Hostname;
        if (host.Length == 0 || host.Length > MaxHostnameLength
            || host.Split('.').Any(label => label.Length == 0 || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw new StrataException(ErrorCode.InvalidArg, $"hostname '{host}' is not valid (letters, digits and '-' in dot-separated labels of at most {MaxLabelLength})");
        string key = spec.AuthorizedKey.Trim();
        if (!key.StartsWith("ssh-", StringComparison.Ordinal) && !key.StartsWith("ecdsa-", StringComparison.Ordinal))
            throw new StrataException(ErrorCode.InvalidArg, $"'{Shorten(key)}' is not an ssh public key line");
        if (key.Any(c => c is '\n' or '\r' or '"' or '\\' || char.IsControl(c)))
            throw new StrataException(ErrorCode.InvalidArg, "the ssh public key line must be one line without quotes or backslashes");
        if (spec.Cpus < 1)
            throw new StrataException(ErrorCode.InvalidArg, $"a machine needs at least one CPU, not {spec.Cpus}");
        if (spec.MemoryMiB < 1)
            throw new StrataException(ErrorCode.InvalidArg, $"a machine needs memory, not {spec.MemoryMiB} MiB");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
