using System.Security;
using Strata.Cli.Shell;
using Strata.Pools;

namespace Strata.Cli.Commands;

/// <summary>virsh's <c>pool-*</c> commands: directory pools, defined, built, started, listed and stopped.</summary>
internal static class PoolCommands
{
    private static OptionSpec PoolOption => OptionSpec.Data("pool", "pool name or uuid");

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("pool-define-as", "pool", "define a pool from a set of args", "Define a pool.",
            [
                OptionSpec.Data("name", "name of the pool"),
                OptionSpec.Data("type", "type of the pool"),
                OptionSpec.Flag("print-xml", "print XML document, but don't define/create"),
                OptionSpec.Value("target", "target for underlying storage"),
            ], DefineAsAsync);
        yield return new("pool-define", "pool", "define an inactive persistent storage pool or modify an existing persistent one from an XML file",
            "Define or modify a persistent storage pool.", [OptionSpec.Data("file", "file containing an XML pool description")], async context =>
            {
                string file = context.Args.Required("file");
                string xml = await Definitions.ReadFileAsync(file, context.Cancellation).ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var pool = await StorageLookup.TryAsync(() => storage.DefinePoolAsync(xml, context.Cancellation), $"Failed to define pool from {file}").ConfigureAwait(false);
                context.Out.WriteLine($"Pool {pool.Name} defined from {file}");
                return 0;
            });
        yield return Simple("pool-build", "build a pool", "Build a given pool.", (s, p, ct) => s.BuildPoolAsync(p, ct), "built", "build");
        yield return new("pool-start", "pool", "start a (previously defined) inactive pool", "Start a pool.",
            [PoolOption, OptionSpec.Flag("build", "build the pool as normal")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                await StorageLookup.TryAsync(async () =>
                {
                    if (context.Args.Has("build"))
                        await storage.BuildPoolAsync(pool, context.Cancellation).ConfigureAwait(false);
                    await storage.StartPoolAsync(pool, context.Cancellation).ConfigureAwait(false);
                }, $"Failed to start pool {pool.Name}").ConfigureAwait(false);
                context.Out.WriteLine($"Pool {pool.Name} started");
                return 0;
            });
        yield return Simple("pool-destroy", "destroy (stop) a pool", "Forcefully stop a given pool. Raw data in the pool is untouched",
            (s, p, ct) => s.DestroyPoolAsync(p, ct), "destroyed", "destroy");
        yield return Simple("pool-undefine", "undefine an inactive pool", "Undefine the configuration for an inactive pool.",
            (s, p, ct) => s.UndefinePoolAsync(p, ct), "has been undefined", "undefine");
        yield return Simple("pool-refresh", "refresh a pool", "Refresh a given pool.", (s, p, ct) => s.RefreshPoolAsync(p, ct), "refreshed", "refresh");
        yield return new("pool-autostart", "pool", "autostart a pool", "Configure a pool to be automatically started at boot.",
            [PoolOption, OptionSpec.Flag("disable", "disable autostarting")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                bool enable = !context.Args.Has("disable");
                await StorageLookup.TryAsync(() => storage.SetPoolAutostartAsync(pool, enable, context.Cancellation),
                    enable ? $"failed to mark pool {pool.Name} as autostarted" : $"failed to unmark pool {pool.Name} as autostarted").ConfigureAwait(false);
                context.Out.WriteLine(enable ? $"Pool {pool.Name} marked as autostarted" : $"Pool {pool.Name} unmarked as autostarted");
                return 0;
            });
        yield return PoolList.Command();
        yield return new("pool-info", "pool", "storage pool information", "Returns basic information about the storage pool.",
            [PoolOption, OptionSpec.Flag("bytes", "Return pool info in bytes")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var info = await storage.GetPoolInfoAsync(pool, context.Cancellation).ConfigureAwait(false);
                // --bytes prints bare numbers here, unlike vol-info's "N bytes": virsh's own difference.
                string Size(ulong value) => context.Args.Has("bytes") ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Capacity.Pretty(value);
                Capacity.Field(context.Out, "Name", pool.Name);
                Capacity.Field(context.Out, "UUID", pool.Uuid.ToString());
                Capacity.Field(context.Out, "State", info.IsActive ? "running" : "inactive");
                Capacity.Field(context.Out, "Persistent", info.Persistent ? "yes" : "no");
                Capacity.Field(context.Out, "Autostart", info.Autostart ? "yes" : "no");
                if (info.IsActive)
                {
                    Capacity.Field(context.Out, "Capacity", Size(info.Capacity));
                    Capacity.Field(context.Out, "Allocation", Size(info.Allocation));
                    Capacity.Field(context.Out, "Available", Size(info.Available));
                }
                return 0;
            });
        yield return new("pool-dumpxml", "pool", "pool information in XML", "Output the pool information as an XML dump to stdout.",
            [PoolOption, OptionSpec.Flag("inactive", "show inactive defined XML")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                context.Out.Write(await storage.GetPoolXmlAsync(pool, context.Args.Has("inactive"), context.Cancellation).ConfigureAwait(false));
                return 0;
            });
        yield return new("pool-uuid", "pool", "convert a pool name to pool UUID", "", [PoolOption], async context =>
        {
            context.Out.WriteLine((await context.PoolAsync().ConfigureAwait(false)).Uuid);
            return 0;
        });
        yield return new("pool-name", "pool", "convert a pool UUID to pool name", "", [PoolOption], async context =>
        {
            context.Out.WriteLine((await context.PoolAsync().ConfigureAwait(false)).Name);
            return 0;
        });
    }

    /// <summary>A command that looks up one pool, does one thing to it and says "Pool NAME done" (or "Failed to verb pool NAME").</summary>
    private static CommandSpec Simple(string name, string summary, string description, Func<IStorageDriver, PoolRef, CancellationToken, Task> action, string done, string verb) =>
        new(name, "pool", summary, description, [PoolOption], async context =>
        {
            var pool = await context.PoolAsync().ConfigureAwait(false);
            var storage = await context.StorageAsync().ConfigureAwait(false);
            await StorageLookup.TryAsync(() => action(storage, pool, context.Cancellation), $"Failed to {verb} pool {pool.Name}").ConfigureAwait(false);
            context.Out.WriteLine($"Pool {pool.Name} {done}");
            return 0;
        });

    /// <summary>As virsh: the arguments become pool XML, which is printed or defined.</summary>
    private static async Task<int> DefineAsAsync(CommandContext context)
    {
        string name = context.Args.Required("name");
        string type = context.Args.Required("type");
        var xml = new System.Text.StringBuilder();
        xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<pool type='{SecurityElement.Escape(type)}'>\n  <name>{SecurityElement.Escape(name)}</name>\n");
        if (context.Args.Get("target") is { } target)
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  <target>\n    <path>{SecurityElement.Escape(target)}</path>\n  </target>\n");
        xml.Append("</pool>\n");
        if (context.Args.Has("print-xml"))
        {
            context.Out.Write(xml.ToString());
            return 0;
        }
        var storage = await context.StorageAsync().ConfigureAwait(false);
        var pool = await StorageLookup.TryAsync(() => storage.DefinePoolAsync(xml.ToString(), context.Cancellation), $"Failed to define pool {name}").ConfigureAwait(false);
        context.Out.WriteLine($"Pool {pool.Name} defined");
        return 0;
    }
}
