using System.Diagnostics;
using System.Text;

namespace Strata.Tests.Support;

/// <summary>
/// A program on a real terminal, as a user runs it: script(1) gives it a pty, and the test types through script's
/// stdin and reads what the terminal shows. Disposing kills it if it is still running.
/// </summary>
internal sealed class ScriptedTerminal : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _seen = new();
    private readonly Lock _gate = new();
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    private ScriptedTerminal(Process process)
    {
        _process = process;
        // One reader for the terminal's whole life, so a wait that times out never abandons a read half-way.
        _reading = Task.Run(ReadAllAsync);
    }

    /// <summary>Runs <paramref name="commandLine"/> (a shell command line) on a terminal, with <paramref name="environment"/>.</summary>
    public static ScriptedTerminal Start(string commandLine, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("script", ["-q", "-e", "-c", commandLine, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new ScriptedTerminal(Process.Start(start)!);
    }

    /// <summary>Everything the terminal showed so far.</summary>
    public string Seen
    {
        get
        {
            lock (_gate)
                return _seen.ToString();
        }
    }

    /// <summary>Waits until <paramref name="text"/> has appeared on the terminal (since it started).</summary>
    public async Task ReadUntilAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                string seen = _seen.ToString();
                if (seen.Contains(text, StringComparison.Ordinal))
                    return;
                Assert.False(_closed, $"the terminal closed before '{text}' appeared:\n{seen}");
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout}:\n{Seen}");
            }
        }
    }

    /// <summary>Types <paramref name="keys"/> (a carriage return is Enter, \u001d is Ctrl+]).</summary>
    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.WriteAsync(keys);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>
    /// Types <paramref name="keys"/>, again every few seconds, until <paramref name="text"/> appears. A program that
    /// has just printed its banner (virsh console's "Escape character is ^]") may not have put the terminal in raw
    /// mode yet, and doing so discards what was typed before; so the keys must be safe to type twice.
    /// </summary>
    public Task TypeUntilAsync(string keys, string text, TimeSpan timeout) => TypeUntilAsync(keys, this, text, timeout);

    /// <summary>As <see cref="TypeUntilAsync(string, string, TimeSpan)"/>, until <paramref name="text"/> appears on <paramref name="watched"/>.</summary>
    public async Task TypeUntilAsync(string keys, ScriptedTerminal watched, string text, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(watched);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await TypeAsync(keys);
            try
            {
                await watched.ReadUntilAsync(text, TimeSpan.FromSeconds(5));
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>
    /// Types <paramref name="keys"/> once a second until the program exits, and returns its exit code. For a console
    /// client that was given nothing to answer yet: a key typed before it put the terminal in raw mode is dropped
    /// (virsh and strata print their banner first, then set raw mode, which discards pending input).
    /// </summary>
    public async Task<int> TypeUntilExitAsync(string keys, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await TypeAsync(keys);
            }
            catch (IOException)
            {
                // Its input is closed: it is exiting (a wait of a second can end just before it has).
                return await WaitForExitAsync(deadline - DateTime.UtcNow + TimeSpan.FromSeconds(1));
            }
            try
            {
                return await WaitForExitAsync(TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Waits for the program to exit and returns its exit code; what it still printed is in <see cref="Seen"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await _reading.WaitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _reading.Wait();
        _process.Dispose();
    }

    private async Task ReadAllAsync()
    {
        var buffer = new char[4096];
        while (true)
        {
            int n;
            try
            {
                n = await _process.StandardOutput.ReadAsync(buffer);
            }
            catch (Exception error) when (error is IOException or ObjectDisposedException)
            {
                n = 0;
            }
            lock (_gate)
            {
                if (n == 0)
                    _closed = true;
                else
                    _seen.Append(buffer, 0, n);
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            if (n == 0)
                return;
        }
    }
}
