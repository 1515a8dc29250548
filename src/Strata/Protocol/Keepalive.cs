namespace Strata.Protocol;

/// <summary>
/// libvirt's keepalive, for either end of a connection: once <see cref="KeepaliveSettings.Interval"/> passes without
/// a message from the peer, a PING goes out, once per interval; when <see cref="KeepaliveSettings.Count"/> PINGs have
/// gone unanswered and another interval has passed in silence, the peer is taken for dead. Anything the peer sends
/// (a PONG, a reply, an event) counts as an answer.
/// </summary>
public sealed class Keepalive : IAsyncDisposable
{
    private readonly KeepaliveSettings _settings;
    private readonly Func<CancellationToken, ValueTask> _sendPing;
    private readonly Action _peerDead;
    private readonly Func<bool>? _listening;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _lastHeard = Environment.TickCount64;

    /// <summary>
    /// Starts watching: <paramref name="sendPing"/> sends one PING, <paramref name="peerDead"/> is called once if the
    /// peer falls silent. While <paramref name="listening"/> says this end is not reading the connection (it holds the
    /// peer back on purpose), silence is not held against the peer.
    /// </summary>
    public Keepalive(KeepaliveSettings settings, Func<CancellationToken, ValueTask> sendPing, Action peerDead, Func<bool>? listening = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _sendPing = sendPing;
        _peerDead = peerDead;
        _listening = listening;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The peer sent something: it is alive.</summary>
    public void Heard() => Volatile.Write(ref _lastHeard, Environment.TickCount64);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_settings.Interval);
        int unanswered = 0;
        long heardBefore = Volatile.Read(ref _lastHeard);
        Task ping = Task.CompletedTask;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                if (_listening?.Invoke() == false)
                    Heard();
                long heard = Volatile.Read(ref _lastHeard);
                if (heard != heardBefore)
                {
                    (heardBefore, unanswered) = (heard, 0);
                }
                if (Environment.TickCount64 - heard < (long)_settings.Interval.TotalMilliseconds)
                    continue;
                if (unanswered == _settings.Count)
                {
                    _peerDead();
                    return;
                }
                unanswered++;
                // Not awaited: a PING stuck behind a write the peer does not take must not stop the count.
                if (ping.IsCompleted)
                    ping = PingAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task PingAsync()
    {
        try
        {
            await _sendPing(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException or StrataException)
        {
            // Stopped, or the connection failed under the PING: whoever reads it will see.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}

/// <summary>How often a silent peer is pinged, and how many unanswered PINGs it may leave before it is taken for dead.</summary>
public sealed record KeepaliveSettings(TimeSpan Interval, int Count)
{
    /// <summary>What virsh uses (<c>-k 5 -K 6</c>): a hung daemon is noticed after about 35 s.</summary>
    public static KeepaliveSettings Client { get; } = new(TimeSpan.FromSeconds(5), 6);

    /// <summary>libvirtd's defaults (keepalive_interval = 5, keepalive_count = 5).</summary>
    public static KeepaliveSettings Daemon { get; } = new(TimeSpan.FromSeconds(5), 5);

    /// <summary>How long a silent peer lasts: the interval before each PING, and one more after the last.</summary>
    public TimeSpan Timeout => Interval * (Count + 1);
}
