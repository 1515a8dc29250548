using System.Diagnostics;
using System.Text;

namespace Strata.Environments.Processes;

/// <summary>The outcome of a program run to its end: exit code and what it printed (lines not streamed elsewhere).</summary>
public sealed record ChildResult(int ExitCode, string Output, string Errors);

/// <summary>
/// Runs a system program (ssh, ssh-keygen, rsync, tar) to its end: output streamed line by line or captured,
/// stdin fed from a string or a stream, and the program killed (by its own pid) when the caller cancels.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/>; with <paramref name="onLine"/>, stdout and stderr lines go there instead of into the result.</summary>
    public static Task<ChildResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken,
        Action<string>? onLine = null, string? input = null, string? workingDirectory = null) =>
        RunAsync(program, arguments, cancellationToken, onLine, input is null ? null : new MemoryStream(Encoding.UTF8.GetBytes(input)), workingDirectory);

    /// <summary>Runs <paramref name="program"/> with <paramref name="input"/> copied to its stdin.</summary>
    public static async Task<ChildResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken,
        Action<string>? onLine, Stream? input, string? workingDirectory = null)
    {
        using var process = Start(program, arguments, workingDirectory, redirectInput: true);
        try
        {
            var stdout = PumpAsync(process.StandardOutput, onLine);
            var stderr = PumpAsync(process.StandardError, onLine);
            if (input is not null)
            {
                try
                {
                    await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The program exited without reading all of its input: its exit code says why.
                }
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ChildResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        finally
        {
            if (input is not null)
                await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts <paramref name="program"/> with its stdout readable by the caller (for a pipe into another program).</summary>
    public static Process StartReading(string program, IEnumerable<string> arguments, string? workingDirectory = null) =>
        Start(program, arguments, workingDirectory, redirectInput: false);

    /// <summary>
    /// Starts <paramref name="program"/> with stdout and stderr (and optionally stdin) redirected, in the C locale when
    /// <paramref name="cLocale"/> says so (for tools whose messages are quoted or parsed).
    /// </summary>
    /// <exception cref="ToolFailedException">The program is not installed or cannot be executed.</exception>
    internal static Process Start(string program, IEnumerable<string> arguments, string? workingDirectory, bool redirectInput, bool cLocale = false)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        if (cLocale)
            start.Environment["LC_ALL"] = "C";
        try
        {
            return Process.Start(start) ?? throw new ToolFailedException($"cannot run {program}");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new ToolFailedException($"cannot run {program} ({error.Message}); is its Debian package installed?");
        }
    }

    /// <summary>Kills a program this process started, if it still runs.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static async Task<string> PumpAsync(StreamReader reader, Action<string>? onLine)
    {
        if (onLine is null)
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            onLine(line);
        return "";
    }
}
