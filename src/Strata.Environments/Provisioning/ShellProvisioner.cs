using System.Text;
using Strata.Environments.Files;
using Strata.Environments.Ssh;

namespace Strata.Environments.Provisioning;

/// <summary>
/// Runs a shell provisioner as Vagrant does: the script is uploaded to a temp file in the guest and run there with
/// its arguments and variables (through its own <c>#!</c> line if it has one, else with <c>sh</c>), output streamed.
/// </summary>
public static class ShellProvisioner
{
    public static async Task RunAsync(SshEndpoint endpoint, ShellProvisionerConfig shell, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shell);
        string runner = shell.Script.StartsWith("#!", StringComparison.Ordinal) ? "" : "sh ";
        string args = string.Concat(shell.Args.Select(a => " " + RemoteShell.Quote(a)));
        // One ssh round trip: the script arrives on stdin, so it runs with stdin at its end (as Vagrant's does).
        string command =
            "f=$(mktemp /tmp/strata-shell.XXXXXX) && cat > \"$f\" && chmod +x \"$f\" && " +
            $"({RemoteShell.Exports(shell.Environment)}{runner}\"$f\"{args} </dev/null); rc=$?; rm -f \"$f\"; exit $rc";
        var result = await RemoteShell.RunAsync(endpoint, command, cancellationToken, onLine,
            new MemoryStream(Encoding.UTF8.GetBytes(shell.Script))).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new EnvironmentException($"{shell.Description} failed with exit code {result.ExitCode}");
    }
}
