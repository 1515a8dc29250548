using Strata.Images;

namespace Strata.Environments.Boxes;

/// <summary>A base guest kept pristine in the box store; every machine boots from its own overlay on <see cref="ImagePath"/>.</summary>
/// <param name="Name">The box's name in the store (<c>tiny</c>, or what <c>box add</c> was given).</param>
/// <param name="Directory">The box's folder in the store.</param>
/// <param name="ImagePath">The root disk image, never written after the box is made.</param>
/// <param name="Format">The image's format.</param>
/// <param name="Boot">How a machine made from the box boots and is reached.</param>
public sealed record Box(string Name, string Directory, string ImagePath, ImageFormat Format, BoxBoot Boot);

/// <summary>How a machine made from a box boots and is reached.</summary>
/// <param name="Kernel">A kernel to boot directly, or null to boot from the disk's own boot loader.</param>
/// <param name="Initrd">The initramfs beside <see cref="Kernel"/>, or null.</param>
/// <param name="KernelArgs">The box's own kernel arguments (the guest's adds hostname and key), or null.</param>
/// <param name="CloudInit">True when the guest takes its hostname and key from a cloud-init NoCloud seed.</param>
/// <param name="SshUser">The user that <c>env ssh</c> logs in as.</param>
public sealed record BoxBoot(string? Kernel, string? Initrd, string? KernelArgs, bool CloudInit, string SshUser);
