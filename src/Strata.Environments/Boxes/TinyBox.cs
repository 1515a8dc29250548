using System.Security.Cryptography;
using Strata.Images;
using Strata.Storage;

namespace Strata.Environments.Boxes;

/// <summary>
/// The built-in box <c>tiny</c>: a Debian cloud kernel, a small initramfs that switches root to the virtio disk, and
/// an ext4 root disk with busybox, dropbear and rsync. Each build is a generation (<c>tiny/gen-STAMP/</c>) named
/// after the recipe; a changed recipe makes a new generation and leaves the old one in place, because machines'
/// overlays still use it as their backing file. <c>tiny/current</c> names the newest.
/// </summary>
internal static class TinyBox
{
    public const string Name = "tiny";

    /// <summary>The root disk's ext4 volume label, by which an imported box is recognised as a tiny disk.</summary>
    public const string DiskLabel = "strata-tiny";

    /// <summary>
    /// Measured under TCG: cryptomgr.notests skips the crypto self-tests (~0.25 s CPU), rcupdate.rcu_expedited=1 and
    /// no_timer_check shorten waits; panic=-1 turns a failed boot into a QEMU exit rather than a hang.
    /// </summary>
    public const string KernelArgs = "console=ttyS0 panic=-1 quiet cryptomgr.notests rcupdate.rcu_expedited=1 no_timer_check";

    public const string SshUser = "root";
    public const string RootDiskFile = "root.img";
    public const string InitrdFile = "initrd.img";
    public static readonly string[] KernelFiles = ["vmlinux", "vmlinuz"];

    private const string CurrentFile = "current";
    private const string LockFile = ".lock";

    /// <summary>How long a second builder waits for the first: a build with a download can take minutes on a busy host.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The generation this code builds: a hash of the guest scripts and the builder's recipe.</summary>
    public static string Stamp { get; } = ComputeStamp();

    /// <summary>The built tiny box in <paramref name="storeRoot"/>, building it when missing or out of date.</summary>
    public static async Task<Box> GetAsync(string storeRoot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(storeRoot, Name);
        if (Find(directory, Stamp) is { } built)
            return built;
        Directory.CreateDirectory(directory);
        using var held = await FileLock.TryAcquireAsync(Path.Combine(directory, LockFile), LockTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new BoxException($"another process has been building the tiny box for {LockTimeout.TotalMinutes} minutes; giving up");
        if (Find(directory, Stamp) is { } builtMeanwhile)
            return builtMeanwhile;
        string generation = "gen-" + Stamp;
        // A generation already built (the recipe went back to an older one) is reused: machines may be using it.
        if (!IsComplete(Path.Combine(directory, generation)))
        {
            progress?.Report("building the tiny box");
            await TinyBoxBuilder.BuildAsync(storeRoot, directory, generation, progress, cancellationToken).ConfigureAwait(false);
        }
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, CurrentFile), generation + "\n", cancellationToken).ConfigureAwait(false);
        return Find(directory, Stamp) ?? throw new BoxException($"the tiny box build left no complete generation in {directory}");
    }

    /// <summary>The current generation of the tiny box in <paramref name="directory"/> if it is complete (and of <paramref name="stamp"/> when given), else null.</summary>
    public static Box? Find(string directory, string? stamp = null)
    {
        string current = Path.Combine(directory, CurrentFile);
        if (!File.Exists(current))
            return null;
        string generation = File.ReadAllText(current).Trim();
        if (stamp is not null && generation != "gen-" + stamp)
            return null;
        string folder = Path.Combine(directory, generation);
        if (generation.Contains('/', StringComparison.Ordinal) || !IsComplete(folder))
            return null;
        string kernel = KernelFiles.Select(f => Path.Combine(folder, f)).First(File.Exists);
        var boot = new BoxBoot(kernel, Path.Combine(folder, InitrdFile), KernelArgs, CloudInit: false, SshUser);
        return new Box(Name, directory, Path.Combine(folder, RootDiskFile), ImageFormat.Raw, boot);
    }

    private static bool IsComplete(string generation) =>
        KernelFiles.Any(f => File.Exists(Path.Combine(generation, f)))
        && File.Exists(Path.Combine(generation, InitrdFile))
        && File.Exists(Path.Combine(generation, RootDiskFile));

    /// <summary>The text of one of the guest's scripts (embedded from Boxes/Tiny/).</summary>
    public static string Script(string name)
    {
        using var stream = typeof(TinyBox).Assembly.GetManifestResourceStream("Strata.Environments.Boxes.Tiny." + name)
            ?? throw new InvalidOperationException($"guest script {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ComputeStamp()
    {
        string recipe = string.Join('\0', TinyBoxBuilder.Recipe, Script(TinyBoxBuilder.InitramfsInit), Script(TinyBoxBuilder.RootInit),
            Script(TinyBoxBuilder.PowerButton));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(recipe)))[..16];
    }
}
