using Strata.Environments.Processes;
using Strata.Environments.Ssh;

namespace Strata.Environments.Provisioning;

/// <summary>Copies a host folder's content into the guest as a tar stream over ssh (busybox's tar can unpack it; no rsync needed).</summary>
public static class TarUpload
{
    /// <summary>Streams <paramref name="source"/>'s content (minus <paramref name="exclude"/>) into the guest, where <paramref name="unpack"/> reads it on stdin.</summary>
    public static async Task RunAsync(SshEndpoint endpoint, string source, IEnumerable<string> exclude, string unpack, Action<string> onLine, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-C", source };
        arguments.AddRange(exclude.Select(e => "--exclude=" + e));
        arguments.AddRange(["-cf", "-", "."]);
        using var tar = ChildProcess.StartReading("tar", arguments);
        try
        {
            var tarErrors = tar.StandardError.ReadToEndAsync(cancellationToken);
            var result = await RemoteShell.RunAsync(endpoint, unpack, cancellationToken, onLine, tar.StandardOutput.BaseStream).ConfigureAwait(false);
            await tar.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (tar.ExitCode != 0)
                throw new EnvironmentException($"tar of {source} failed: {(await tarErrors.ConfigureAwait(false)).Trim()}");
            if (result.ExitCode != 0)
                throw new EnvironmentException($"unpacking {source} in the guest failed with exit code {result.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            ChildProcess.Kill(tar);
            throw;
        }
    }
}
