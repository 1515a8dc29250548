using System.Runtime.InteropServices;

namespace Strata.Cli.Env;

/// <summary>
/// Replaces this process with the system <c>ssh</c> (execvp), as <c>vagrant ssh</c> does: the terminal, signals and
/// the remote command's exit code then belong to ssh alone, with nothing of ours in between.
/// </summary>
internal static partial class SshExec
{
    /// <summary>Execs <c>ssh</c> with <paramref name="arguments"/>; returns only if the exec failed (with the reason).</summary>
    public static string Exec(IReadOnlyList<string> arguments)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        string?[] argv = ["ssh", .. arguments, null];
        _ = ExecVp("ssh", argv);
        return Marshal.GetLastPInvokeErrorMessage();
    }

    [LibraryImport("libc", EntryPoint = "execvp", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecVp(string file, string?[] argv);
}
