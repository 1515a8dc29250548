using System.Net.Sockets;
using System.Text;

namespace Strata.Environments.Ssh;

/// <summary>
/// Waits for the guest's ssh server by its banner (<c>SSH-2.0-…</c>) on the forwarded port. QEMU's user networking
/// accepts a connection on the host side before anything listens in the guest and then drops it, so a connect alone
/// proves nothing; the banner does.
/// </summary>
public static class SshBanner
{
    /// <summary>
    /// How long one attempt waits for the banner once connected. Early in a boot the guest has no network yet:
    /// QEMU accepts on the host side and holds the connection while its SYN to the guest goes unanswered, so such
    /// an attempt stays silent; a listening server answers in milliseconds. Given up before QEMU sends the SYN
    /// again, a silent attempt never reaches the guest's server later.
    /// </summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How often a new attempt starts while none has seen the banner yet; silent ones are left waiting meanwhile.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>A bound on attempts waiting at once, about what <see cref="AttemptTimeout"/> and <see cref="RetryInterval"/> allow.</summary>
    private const int MaxPendingAttempts = 20;

    /// <summary>Returns the banner line once the server at <paramref name="host"/>:<paramref name="port"/> sends one; waits until cancelled.</summary>
    public static async Task<string> WaitAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new List<Task<string?>>();
        try
        {
            while (true)
            {
                if (pending.Count < MaxPendingAttempts)
                    pending.Add(TryReadAsync(host, port, stop.Token));
                var pause = Task.Delay(RetryInterval, cancellationToken);
                while (await Task.WhenAny([.. pending, pause]).ConfigureAwait(false) is Task<string?> finished)
                {
                    pending.Remove(finished);
                    if (await finished.ConfigureAwait(false) is { } banner)
                        return banner;
                }
                await pause.ConfigureAwait(false); // throws when cancelled
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the attempts still waiting were stopped on purpose
            }
        }
    }

    /// <summary>One attempt: the banner line, or null when the connection was refused, dropped or silent.</summary>
    public static async Task<string?> TryReadAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var buffer = new byte[256];
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), attempt.Token).ConfigureAwait(false);
                if (read == 0)
                    return null;
                filled += read;
                int newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
                if (newline >= 0)
                {
                    string line = Encoding.ASCII.GetString(buffer, 0, newline).TrimEnd('\r');
                    return line.StartsWith("SSH-", StringComparison.Ordinal) ? line : null;
                }
            }
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception error) when (error is SocketException or IOException)
        {
            return null;
        }
    }
}
