using System.Text;
using Strata.Environments.Processes;

namespace Strata.Environments.Ssh;

/// <summary>Runs shell commands in a machine through the system <c>ssh</c>, non-interactively.</summary>
public static class RemoteShell
{
    /// <summary>Runs <paramref name="command"/> (a POSIX sh command line) in the guest; output lines go to <paramref name="onLine"/> or into the result.</summary>
    public static Task<ChildResult> RunAsync(SshEndpoint endpoint, string command, CancellationToken cancellationToken,
        Action<string>? onLine = null, Stream? input = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return ChildProcess.RunAsync(SshEndpoint.Program, [.. endpoint.Arguments(batch: true), command], cancellationToken, onLine, input);
    }

    /// <summary>Quotes a word for the guest's sh: inside single quotes, with each <c>'</c> written as <c>'\''</c>.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary><c>export NAME='value';</c> for each variable, ready to prefix a command.</summary>
    public static string Exports(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var builder = new StringBuilder();
        foreach (var (name, value) in variables)
            builder.Append("export ").Append(name).Append('=').Append(Quote(value)).Append("; ");
        return builder.ToString();
    }
}
