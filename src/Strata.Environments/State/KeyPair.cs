using Strata.Environments.Processes;

namespace Strata.Environments.State;

/// <summary>The environment's ssh key pair: made once with <c>ssh-keygen -t ed25519</c>, no passphrase, put into every guest at disk creation.</summary>
public static class KeyPair
{
    private static readonly SemaphoreSlim Making = new(1, 1);

    /// <summary>Makes the key pair unless it exists, and returns the public key line.</summary>
    public static async Task<string> EnsureAsync(ProjectState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Machines come up in parallel: the first makes the key, the others wait for it.
        await Making.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(state.PrivateKeyPath))
                await MakeAsync(state, cancellationToken).ConfigureAwait(false);
            return (await File.ReadAllTextAsync(state.PublicKeyPath, cancellationToken).ConfigureAwait(false)).Trim();
        }
        finally
        {
            Making.Release();
        }
    }

    // Made in a temp folder and moved in public half first: a present private key always has its public half.
    private static async Task MakeAsync(ProjectState state, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(state.Root);
        string temp = Path.Combine(state.Root, $".tmp-key-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            string key = Path.Combine(temp, "id_ed25519");
            var result = await ChildProcess.RunAsync("ssh-keygen",
                ["-q", "-t", "ed25519", "-N", "", "-C", $"strata-env-{state.ShortId}", "-f", key], cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new EnvironmentException($"ssh-keygen failed: {result.Errors.Trim()}");
            File.Move(key + ".pub", state.PublicKeyPath, overwrite: true);
            File.Move(key, state.PrivateKeyPath, overwrite: true);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
