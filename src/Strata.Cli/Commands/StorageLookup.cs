using Strata.Cli.Shell;
using Strata.Pools;

namespace Strata.Cli.Commands;

/// <summary>Finds the pool or volume a storage command names, trying what virsh tries, in its order.</summary>
internal static class StorageLookup
{
    public static async Task<IStorageDriver> StorageAsync(this CommandContext context)
    {
        var connection = await context.ConnectAsync().ConfigureAwait(false);
        return connection.Storage;
    }

    /// <summary>The pool named by <paramref name="option"/>: by UUID when the text is one, else by name.</summary>
    public static async Task<PoolRef> PoolAsync(this CommandContext context, string option = "pool")
    {
        var storage = await context.StorageAsync().ConfigureAwait(false);
        string text = context.Args.Required(option);
        try
        {
            if (Guid.TryParse(text, out Guid uuid))
            {
                try
                {
                    return await storage.LookupPoolByUuidAsync(uuid, context.Cancellation).ConfigureAwait(false);
                }
                catch (PoolNotFoundException)
                {
                }
            }
            return await storage.LookupPoolByNameAsync(text, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"failed to get pool '{text}'", error);
        }
    }

    /// <summary>
    /// The volume named by the <c>vol</c> option: by name in <c>--pool</c> when given, else (or failing that) by
    /// key or path in any active pool, as virsh.
    /// </summary>
    public static async Task<VolumeRef> VolumeAsync(this CommandContext context, string option = "vol")
    {
        string text = context.Args.Required(option);
        var storage = await context.StorageAsync().ConfigureAwait(false);
        bool poolGiven = context.Args.Has("pool");
        if (poolGiven)
        {
            var pool = await context.PoolAsync().ConfigureAwait(false);
            try
            {
                return await storage.LookupVolumeAsync(pool, text, context.Cancellation).ConfigureAwait(false);
            }
            catch (StrataException)
            {
                // virsh goes on to look the text up as a key, then as a path.
            }
        }
        try
        {
            return await storage.LookupVolumeByPathAsync(text, context.Cancellation).ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException(poolGiven ? $"failed to get vol '{text}'" : $"failed to get vol '{text}', specifying --pool might help", error);
        }
    }

    /// <summary>Runs a storage call; its failure becomes virsh's two error lines (<paramref name="failure"/>, then why).</summary>
    public static async Task<T> TryAsync<T>(Func<Task<T>> action, string failure)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException(failure, error);
        }
    }

    public static Task TryAsync(Func<Task> action, string failure) => TryAsync(async () =>
    {
        await action().ConfigureAwait(false);
        return true;
    }, failure);

}
