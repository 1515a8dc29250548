using Strata.Environments.Files;
using Strata.Environments.Ssh;

namespace Strata.Environments.Provisioning;

/// <summary>Uploads a file or folder of the project into the guest (Vagrant's <c>file</c> provisioner), over ssh with no scp or sftp needed in the guest.</summary>
public static class FileProvisioner
{
    public static async Task RunAsync(SshEndpoint endpoint, FileProvisionerConfig file, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        string destination = RemoteShell.Quote(file.Destination);
        if (Directory.Exists(file.Source))
        {
            await TarUpload.RunAsync(endpoint, file.Source, [], $"mkdir -p {destination} && tar -xf - -C {destination}", onLine, cancellationToken).ConfigureAwait(false);
            return;
        }
        string command = $"mkdir -p \"$(dirname {destination})\" && cat > {destination}";
        var result = await RemoteShell.RunAsync(endpoint, command, cancellationToken, onLine, File.OpenRead(file.Source)).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new EnvironmentException($"{file.Description} failed with exit code {result.ExitCode}");
    }
}
