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

    private ScriptedTerminal(Process process) => _process = process;

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
    public string Seen => _seen.ToString();

    /// <summary>Reads the terminal until <paramref name="text"/> has appeared (since it started).</summary>
    public async Task ReadUntilAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new char[4096];
        while (!Seen.Contains(text, StringComparison.Ordinal))
        {
            int n;
            try
            {
                n = await _process.StandardOutput.ReadAsync(buffer, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout}:\n{Seen}");
            }
            Assert.True(n > 0, $"the terminal closed before '{text}' appeared:\n{Seen}");
            _seen.Append(buffer, 0, n);
        }
    }

    /// <summary>Types <paramref name="keys"/> (a carriage return is Enter, \u001d is Ctrl+]).</summary>
    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.WriteAsync(keys);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the program to exit and returns its exit code; what it still printed is read into <see cref="Seen"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        _seen.Append(await _process.StandardOutput.ReadToEndAsync(cancel.Token));
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
