using System.Globalization;
using System.Text;
using Strata.Environments.Boxes;

namespace Strata.Environments.Guests;

/// <summary>
/// A cloud-init NoCloud seed: an ISO 9660 image labelled <c>cidata</c> holding <c>meta-data</c> (instance id,
/// hostname) and <c>user-data</c> (the ssh user with the environment's key, no password), attached as a cdrom.
/// Made with genisoimage, or xorriso where that is what is installed.
/// </summary>
internal static class CloudInitSeed
{
    public const string FileName = "seed.iso";
    private const string VolumeLabel = "cidata";

    public static async Task<string> WriteAsync(GuestSpec spec, string sshUser, CancellationToken cancellationToken)
    {
        string seed = Path.Combine(spec.MachineDirectory, FileName);
        string work = Directory.CreateDirectory(Path.Combine(spec.MachineDirectory, $".seed-{Guid.NewGuid():N}")).FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "meta-data"), MetaData(spec), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(work, "user-data"), UserData(spec, sshUser), cancellationToken).ConfigureAwait(false);
            string iso = Path.Combine(work, FileName);
            string[] content = ["-volid", VolumeLabel, "-joliet", "-rock", "-output", iso, "user-data", "meta-data"];
            if (SystemTool.Exists("genisoimage"))
                await SystemTool.RunAsync("genisoimage", ["-quiet", .. content], cancellationToken, work).ConfigureAwait(false);
            else if (SystemTool.Exists("xorriso"))
                await SystemTool.RunAsync("xorriso", ["-as", "mkisofs", .. content], cancellationToken, work).ConfigureAwait(false);
            else
                throw new BoxException("making a cloud-init seed needs genisoimage or xorriso (install the Debian package genisoimage)");
            File.Move(iso, seed, overwrite: true);
            return seed;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The instance id stays the machine's name, so cloud-init's once-per-instance steps run once per machine.</summary>
    internal static string MetaData(GuestSpec spec) =>
        string.Create(CultureInfo.InvariantCulture, $"instance-id: {spec.DomainName}\nlocal-hostname: {spec.Hostname}\n");

    internal static string UserData(GuestSpec spec, string sshUser)
    {
        var text = new StringBuilder();
        text.Append("#cloud-config\n");
        text.Append(CultureInfo.InvariantCulture, $"hostname: {spec.Hostname}\n");
        text.Append("preserve_hostname: false\n");
        text.Append("ssh_pwauth: false\n");
        text.Append("users:\n");
        text.Append("  - default\n");
        text.Append(CultureInfo.InvariantCulture, $"  - name: {sshUser}\n");
        text.Append("    lock_passwd: true\n");
        text.Append("    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n");
        text.Append("    shell: /bin/bash\n");
        text.Append("    ssh_authorized_keys:\n");
        text.Append(CultureInfo.InvariantCulture, $"      - \"{spec.AuthorizedKey.Trim()}\"\n");
        return text.ToString();
    }
}
