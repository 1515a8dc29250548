using Strata.Environments.Files;
using Strata.Environments.Processes;
using Strata.Environments.Ssh;

namespace Strata.Environments.Provisioning;

/// <summary>
/// Vagrant's rsync synced folder: the project folder is mirrored into the guest (deletions too) on <c>up</c> and
/// <c>reload</c>. Uses rsync over ssh when the guest has rsync, else a tar stream into a freshly emptied folder,
/// which gives the same result.
/// </summary>
public static class FolderSync
{
    /// <summary>The environment's own folder is never copied: it holds the machines' disks.</summary>
    private const string StateFolder = State.ProjectState.FolderName;

    /// <summary>Mirrors the folder; returns how it was copied (<c>rsync</c> or <c>tar</c>).</summary>
    public static async Task<string> RunAsync(SshEndpoint endpoint, SyncedFolderConfig folder, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(folder);
        string destination = RemoteShell.Quote(folder.Destination);
        var probe = await RemoteShell.RunAsync(endpoint,
            $"mkdir -p {destination} || exit 2; command -v rsync >/dev/null && echo rsync || echo tar", cancellationToken).ConfigureAwait(false);
        if (probe.ExitCode != 0)
            throw new EnvironmentException($"cannot create {folder.Destination} in the guest: {probe.Errors.Trim()}");
        if (probe.Output.Trim() == "rsync")
        {
            var arguments = new List<string> { "--archive", "--delete", "--compress", "--copy-links", $"--exclude=/{StateFolder}/" };
            arguments.AddRange(folder.Exclude.Select(e => "--exclude=" + e));
            arguments.AddRange(["-e", endpoint.RsyncShell(), folder.Source.TrimEnd('/') + "/", $"{endpoint.User}@{endpoint.Host}:{folder.Destination.TrimEnd('/')}/"]);
            var result = await ChildProcess.RunAsync("rsync", arguments, cancellationToken, onLine).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new EnvironmentException($"rsync of {folder.Source} to {folder.Destination} failed with exit code {result.ExitCode}");
            return "rsync";
        }
        string[] exclude = [$"./{StateFolder}", .. folder.Exclude];
        await TarUpload.RunAsync(endpoint, folder.Source, exclude,
            $"rm -rf {destination} && mkdir -p {destination} && tar -xf - -C {destination}", onLine, cancellationToken).ConfigureAwait(false);
        return "tar";
    }
}
