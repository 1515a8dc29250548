using System.Diagnostics;
using System.Text;

namespace Strata.Environments;

/// <summary>Runs the system's tools (apt-get, dpkg, mke2fs, cpio, genisoimage …) and turns a failure into an error that quotes the tool.</summary>
internal static class SystemTool
{
    /// <summary>Runs <paramref name="program"/> to completion and returns its standard output.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        using var output = new MemoryStream();
        await PipeAsync(program, arguments, input: null, output, cancellationToken, workingDirectory).ConfigureAwait(false);
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="input"/> as its standard input (or none) and its standard output copied to <paramref name="output"/>.</summary>
    public static async Task PipeAsync(string program, IEnumerable<string> arguments, Stream? input, Stream output, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        string[] argv = [.. arguments];
        using var process = Processes.ChildProcess.Start(program, argv, workingDirectory, redirectInput: true, cLocale: true);
        try
        {
            Task feed = FeedAsync(process, input, cancellationToken);
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await Task.WhenAll(feed, copy, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new ToolFailedException($"{Describe(program, argv)} failed (exit {process.ExitCode}){Tail(await errors.ConfigureAwait(false))}");
        }
        catch (OperationCanceledException)
        {
            Processes.ChildProcess.Kill(process);
            throw;
        }
    }

    /// <summary>True when <paramref name="program"/> is on the PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static async Task FeedAsync(Process process, Stream? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
                await input.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The tool stopped reading (it may need only a prefix); its exit code tells whether that was a failure.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Describe(string program, string[] arguments) => string.Join(' ', [program, .. arguments]);

    private static string Tail(string errors)
    {
        string text = errors.Trim();
        if (text.Length > 2000)
            text = "…" + text[^2000..];
        return text.Length == 0 ? "" : ": " + text;
    }
}
