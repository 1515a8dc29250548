using Strata.Images;

namespace Strata.Environments.Boxes;

/// <summary>
/// A box imported from a vagrant-libvirt <c>.box</c>: its folder holds the box's <c>box.img</c>, <c>metadata.json</c>
/// and <c>Vagrantfile</c>, plus Strata's <c>boot</c> file saying how it boots (decided once, at import).
/// </summary>
/// <param name="Box">The box; for one that boots with tiny's kernel, <see cref="Box.Boot"/> is filled in by the store.</param>
/// <param name="BootsWithTinyKernel">True when box.img is a tiny root disk, booted with the tiny box's kernel and initramfs.</param>
internal sealed record ImportedBox(Box Box, bool BootsWithTinyKernel)
{
    public const string ImageFile = "box.img";
    public const string MetadataFile = "metadata.json";
    public const string VagrantFile = "Vagrantfile";
    public const string BootFile = "boot";

    /// <summary>The <see cref="BootFile"/> word of a tiny root disk.</summary>
    public const string TinyBoot = "tiny";

    /// <summary>The <see cref="BootFile"/> word of a disk with its own boot loader and cloud-init.</summary>
    public const string CloudInitBoot = "cloud-init";

    /// <summary>The user Vagrant's boxes are made for.</summary>
    public const string VagrantUser = "vagrant";

    /// <summary>The box in <paramref name="directory"/>, or null when there is no complete imported box there.</summary>
    public static ImportedBox? Find(string directory)
    {
        string image = Path.Combine(directory, ImageFile);
        string bootFile = Path.Combine(directory, BootFile);
        if (!File.Exists(image) || !File.Exists(bootFile))
            return null;
        string name = Path.GetFileName(directory);
        return File.ReadAllText(bootFile).Trim() switch
        {
            TinyBoot => new ImportedBox(new Box(name, directory, image, ImageFormat.Qcow2, new BoxBoot(null, null, null, CloudInit: false, TinyBox.SshUser)), true),
            CloudInitBoot => new ImportedBox(new Box(name, directory, image, ImageFormat.Qcow2, new BoxBoot(null, null, null, CloudInit: true, VagrantUser)), false),
            _ => null,
        };
    }
}
