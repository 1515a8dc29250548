using Strata.Environments.Boxes;
using Strata.Environments.Guests;

namespace Strata.Tests.Support;

/// <summary>
/// The tiny box for tests, built once per machine into a store in the shared test cache (later runs find it built),
/// and private stores that see that tiny box without building their own.
/// </summary>
internal static class TestBoxes
{
    public static readonly string SharedRoot = Path.Combine(Path.GetTempPath(), "strata-test-cache", "strata", "boxes");

    private static readonly Lazy<Task<Box>> Tiny = new(() => new BoxStore(SharedRoot).GetAsync("tiny", null, CancellationToken.None));

    /// <summary>How long a first build may take on a busy two-core machine (download included).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Guest boots under TCG on a contended CPU.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    public static Task<Box> TinyAsync() => Tiny.Value.WaitAsync(BuildTimeout);

    /// <summary>An empty store in <paramref name="scope"/> whose <c>tiny</c> is the shared one (a link), for tests that add and remove boxes.</summary>
    public static async Task<BoxStore> PrivateStoreAsync(QemuScope scope)
    {
        await TinyAsync();
        string root = Directory.CreateDirectory(scope.File("boxes")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "tiny"), Path.Combine(SharedRoot, "tiny"));
        return new BoxStore(root);
    }

    /// <summary>A machine's spec with a fresh ed25519 key pair (in its folder) and a free host port for ssh; returns the private key's path too.</summary>
    public static async Task<(GuestSpec Spec, string Key)> MachineAsync(QemuScope scope, string name, string? hostname = null)
    {
        string directory = Directory.CreateDirectory(scope.File(name)).FullName;
        string key = Path.Combine(directory, "id_ed25519");
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "strata-test", "-f", key]);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        string publicKey = (await File.ReadAllTextAsync(key + ".pub")).Trim();
        var spec = new GuestSpec("boxes_" + name, hostname ?? name, 1, 256, publicKey, [new GuestPort(22, GuestSsh.FreePort(), "tcp")], directory);
        return (spec, key);
    }

    /// <summary>The forwarded host port of the guest's ssh.</summary>
    public static int SshPort(this GuestSpec spec) => spec.Ports.Single(p => p.Guest == 22).Host;
}
