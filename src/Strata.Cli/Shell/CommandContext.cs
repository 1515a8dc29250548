namespace Strata.Cli.Shell;

/// <summary>What a running command sees: its arguments, the connection (opened on first use) and the output.</summary>
internal sealed class CommandContext(ParsedArguments arguments, string? uri, TextWriter output, CancellationToken cancellationToken) : IAsyncDisposable
{
    private Connection? _connection;

    public ParsedArguments Args { get; } = arguments;
    public TextWriter Out { get; } = output;
    public CancellationToken Cancellation { get; } = cancellationToken;

    /// <summary>The URI asked for with -c, or null for the default.</summary>
    public string? RequestedUri { get; } = uri;

    /// <summary>Keepalive asked for with -k/-K, or null for the library's default (virsh's -k 5 -K 6).</summary>
    public KeepaliveChoice? Keepalive { get; init; }

    public async Task<Connection> ConnectAsync()
    {
        if (_connection is not null)
            return _connection;
        try
        {
            _connection = await Connection.OpenAsync(RequestedUri, Cancellation).ConfigureAwait(false);
            if (Keepalive is { } keepalive)
                await _connection.SetKeepaliveAsync(keepalive.Settings).ConfigureAwait(false);
            return _connection;
        }
        catch (StrataException error)
        {
            throw new CommandFailedException("failed to connect to the hypervisor", error);
        }
    }

    /// <summary>Looks up the domain named by the command's <c>domain</c> option.</summary>
    public Task<DomainRef> DomainAsync() => LookupAsync(Args.Required("domain"));

    /// <summary>Looks up a domain by name, UUID or id, failing with virsh's words.</summary>
    public async Task<DomainRef> LookupAsync(string name)
    {
        var connection = await ConnectAsync().ConfigureAwait(false);
        try
        {
            return await connection.LookupAsync(name, Cancellation).ConfigureAwait(false);
        }
        catch (DomainNotFoundException)
        {
            // virsh's wording for a failed lookup.
            throw new CommandFailedException($"failed to get domain '{name}'");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A keepalive choice from the command line: the settings, or null for none at all (<c>-k 0</c>).</summary>
internal sealed record KeepaliveChoice(Strata.Protocol.KeepaliveSettings? Settings);

/// <summary>
/// A command failed. virsh prints its own line first ("Failed to start domain 'x'") and then the library's
/// reason, each as <c>error: …</c>; the inner exception carries the reason.
/// </summary>
internal sealed class CommandFailedException(string message, Exception? reason = null) : Exception(message, reason);
