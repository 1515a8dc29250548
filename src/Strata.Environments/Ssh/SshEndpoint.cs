namespace Strata.Environments.Ssh;

/// <summary>
/// Where and how to reach a machine over ssh: the forwarded port on the host's loopback, the box's user and the
/// environment's key. The options make ssh non-interactive about host keys and leave known_hosts alone: every
/// machine reuses 127.0.0.1 with its own (changing) host key, so recording them would only cause mismatch errors.
/// </summary>
public sealed record SshEndpoint(string Host, int Port, string User, string KeyPath)
{
    /// <summary>The loopback address forwarded ports listen on.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>The system ssh client.</summary>
    public const string Program = "ssh";

    /// <summary>ssh's options as <c>-o</c> pairs, also what <c>ssh-config</c> prints.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options =>
    [
        new("HostName", Host),
        new("User", User),
        new("Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("UserKnownHostsFile", "/dev/null"),
        new("GlobalKnownHostsFile", "/dev/null"),
        new("StrictHostKeyChecking", "no"),
        new("PasswordAuthentication", "no"),
        new("KbdInteractiveAuthentication", "no"),
        new("IdentityFile", KeyPath),
        new("IdentitiesOnly", "yes"),
        new("LogLevel", "ERROR"),
    ];

    /// <summary>Arguments for <c>ssh</c> up to the destination; the remote command (if any) follows.</summary>
    public IReadOnlyList<string> Arguments(bool batch, bool tty = false)
    {
        var arguments = new List<string>();
        foreach (var (key, value) in Options)
        {
            arguments.Add("-o");
            arguments.Add($"{key}={value}");
        }
        if (batch)
        {
            // For provisioners and checks: never ask, give up on a dead connection instead of hanging.
            arguments.AddRange(["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=6"]);
        }
        if (tty)
            arguments.Add("-t");
        arguments.Add($"{User}@{Host}");
        return arguments;
    }

    /// <summary>
    /// The <c>-e</c> value for rsync: the same options as one command line (rsync splits it on spaces, so a key path
    /// with a space is quoted).
    /// </summary>
    public string RsyncShell()
    {
        var parts = new List<string> { Program };
        foreach (var (key, value) in Options)
        {
            if (key is "HostName" or "User")
                continue;
            parts.Add("-o");
            parts.Add(value.Contains(' ', StringComparison.Ordinal) ? $"\"{key}={value}\"" : $"{key}={value}");
        }
        parts.AddRange(["-o", "BatchMode=yes"]);
        return string.Join(' ', parts);
    }
}
