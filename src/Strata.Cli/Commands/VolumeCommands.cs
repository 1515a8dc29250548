using System.Globalization;
using System.Security;
using Strata.Cli.Shell;
using Strata.Images;
using Strata.Pools;

namespace Strata.Cli.Commands;

/// <summary>virsh's <c>vol-*</c> commands: volumes of a directory pool, as image files.</summary>
internal static class VolumeCommands
{
    private static OptionSpec VolOption => OptionSpec.Data("vol", "vol name, key or path");
    private static OptionSpec PoolOption => OptionSpec.Value("pool", "pool name or uuid");

    public static IEnumerable<CommandSpec> Commands()
    {
        yield return new("vol-create-as", "volume", "create a volume from a set of args", "Create a vol.",
            [
                OptionSpec.Data("pool", "pool name"),
                OptionSpec.Data("name", "name of the volume"),
                OptionSpec.Data("capacity", "size of the vol, as scaled integer (default bytes)"),
                OptionSpec.Value("allocation", "initial allocation size, as scaled integer (default bytes)"),
                OptionSpec.Value("format", "file format type raw,qcow2"),
                OptionSpec.Value("backing-vol", "the backing volume if taking a snapshot"),
                OptionSpec.Value("backing-vol-format", "format of backing volume if taking a snapshot"),
                OptionSpec.Flag("print-xml", "print XML document, but don't define/create"),
            ], CreateAsAsync);
        yield return new("vol-create", "volume", "create a vol from an XML file", "Create a vol.",
            [OptionSpec.Data("pool", "pool name"), OptionSpec.Data("file", "file containing an XML vol description")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                string file = context.Args.Required("file");
                string xml = await Definitions.ReadFileAsync(file, context.Cancellation).ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var volume = await StorageLookup.TryAsync(() => storage.CreateVolumeAsync(pool, xml, context.Cancellation), $"Failed to create vol from {file}").ConfigureAwait(false);
                context.Out.WriteLine($"Vol {volume.Name} created from {file}");
                return 0;
            });
        yield return new("vol-list", "volume", "list vols", "Returns list of vols by pool.",
            [OptionSpec.Data("pool", "pool name or uuid"), OptionSpec.Flag("details", "display extended details for volumes")], async context =>
            {
                var pool = await context.PoolAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var volumes = await StorageLookup.TryAsync(() => storage.ListVolumesAsync(pool, context.Cancellation), "Failed to list volumes").ConfigureAwait(false);
                if (context.Args.Has("details"))
                    Table.Write(context.Out, ["Name", "Path", "Type", "Capacity", "Allocation"], volumes.Select(v => (IReadOnlyList<string>)
                        [v.Volume.Name, v.Volume.Path, "file", Capacity.Pretty(v.Capacity), Capacity.Pretty(v.Allocation)]).ToList());
                else
                    Table.Write(context.Out, ["Name", "Path"], volumes.Select(v => (IReadOnlyList<string>)[v.Volume.Name, v.Volume.Path]).ToList());
                return 0;
            });
        yield return new("vol-info", "volume", "storage vol information", "Returns basic information about the storage vol.",
            [VolOption, PoolOption, OptionSpec.Flag("bytes", "sizes are represented in bytes rather than pretty units"),
             OptionSpec.Flag("physical", "return the physical size of the volume in allocation field")], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var info = await storage.GetVolumeInfoAsync(volume, context.Cancellation).ConfigureAwait(false);
                bool bytes = context.Args.Has("bytes");
                Capacity.Field(context.Out, "Name", volume.Name);
                Capacity.Field(context.Out, "Type", "file");
                Capacity.Field(context.Out, "Capacity", Capacity.Format(info.Capacity, bytes));
                if (context.Args.Has("physical"))
                    Capacity.Field(context.Out, "Physical", Capacity.Format(info.Physical ?? info.Allocation, bytes));
                else
                    Capacity.Field(context.Out, "Allocation", Capacity.Format(info.Allocation, bytes));
                return 0;
            });
        yield return new("vol-path", "volume", "returns the volume path for a given volume name or key", "",
            [OptionSpec.Data("vol", "volume name or key"), PoolOption], async context =>
            {
                context.Out.WriteLine((await context.VolumeAsync().ConfigureAwait(false)).Path);
                return 0;
            });
        yield return new("vol-key", "volume", "returns the volume key for a given volume name or path", "",
            [OptionSpec.Data("vol", "volume name or path"), PoolOption], async context =>
            {
                context.Out.WriteLine((await context.VolumeAsync().ConfigureAwait(false)).Key);
                return 0;
            });
        yield return new("vol-name", "volume", "returns the volume name for a given volume key or path", "",
            [OptionSpec.Data("vol", "volume key or path")], async context =>
            {
                context.Out.WriteLine((await context.VolumeAsync().ConfigureAwait(false)).Name);
                return 0;
            });
        yield return new("vol-pool", "volume", "returns the storage pool for a given volume key or path", "",
            [OptionSpec.Data("vol", "volume key or path"), OptionSpec.Flag("uuid", "return the pool uuid rather than pool name")], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var pool = await storage.LookupPoolByNameAsync(volume.Pool, context.Cancellation).ConfigureAwait(false);
                context.Out.WriteLine(context.Args.Has("uuid") ? pool.Uuid.ToString() : pool.Name);
                return 0;
            });
        yield return new("vol-dumpxml", "volume", "vol information in XML", "Output the vol information as an XML dump to stdout.",
            [VolOption, PoolOption], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                context.Out.Write(await storage.GetVolumeXmlAsync(volume, context.Cancellation).ConfigureAwait(false));
                return 0;
            });
        yield return new("vol-resize", "volume", "resize a vol", "Resizes a storage volume. This is safe only for storage volumes not in use by an active guest.",
            [VolOption, OptionSpec.Data("capacity", "new capacity for the vol, as scaled integer (default bytes)"), PoolOption,
             OptionSpec.Flag("delta", "use capacity as a delta to current size, rather than the new size"),
             OptionSpec.Flag("shrink", "allow the resize to shrink the volume")], ResizeAsync);
        yield return new("vol-clone", "volume", "clone a volume.", "Clone an existing volume within the parent pool.",
            [VolOption, OptionSpec.Data("newname", "clone name"), PoolOption], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                string newName = context.Args.Required("newname");
                var storage = await context.StorageAsync().ConfigureAwait(false);
                var clone = await StorageLookup.TryAsync(() => storage.CloneVolumeAsync(volume, newName, context.Cancellation), $"Failed to clone vol from {volume.Name}").ConfigureAwait(false);
                context.Out.WriteLine($"Vol {clone.Name} cloned from {volume.Name}");
                return 0;
            });
        yield return new("vol-delete", "volume", "delete a vol", "Delete a given vol.",
            [VolOption, PoolOption, OptionSpec.Flag("delete-snapshots", "delete snapshots associated with volume (must be supported by storage driver)")], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                await StorageLookup.TryAsync(() => context.Args.Has("delete-snapshots")
                    ? throw new StrataException(ErrorCode.ConfigUnsupported, "unsupported configuration: --delete-snapshots is not supported by directory pools")
                    : storage.DeleteVolumeAsync(volume, context.Cancellation), $"Failed to delete vol {context.Args.Required("vol")}").ConfigureAwait(false);
                // As virsh: the volume as the user named it (a name, key or path).
                context.Out.WriteLine($"Vol {context.Args.Required("vol")} deleted");
                return 0;
            });
        yield return new("vol-wipe", "volume", "wipe a vol", "Ensure data previously on a volume is not accessible to future reads",
            [VolOption, PoolOption, OptionSpec.Value("algorithm", "perform selected wiping algorithm")], async context =>
            {
                var volume = await context.VolumeAsync().ConfigureAwait(false);
                var storage = await context.StorageAsync().ConfigureAwait(false);
                await StorageLookup.TryAsync(() => context.Args.Get("algorithm") is { } algorithm and not "zero"
                    ? throw new StrataException(ErrorCode.ConfigUnsupported, $"unsupported configuration: wiping algorithm '{algorithm}' is not supported (only 'zero' is)")
                    : storage.WipeVolumeAsync(volume, context.Cancellation), $"Failed to wipe vol {context.Args.Required("vol")}").ConfigureAwait(false);
                context.Out.WriteLine($"Vol {context.Args.Required("vol")} wiped");
                return 0;
            });
        yield return new("vol-upload", "volume", "upload file contents to a volume", "Upload file contents to a volume",
            [VolOption, OptionSpec.Data("file", "file"), PoolOption, OptionSpec.Value("offset", "volume offset to upload to"),
             OptionSpec.Value("length", "amount of data to upload")], context => TransferAsync(context, upload: true));
        yield return new("vol-download", "volume", "download volume contents to a file", "Download volume contents to a file",
            [VolOption, OptionSpec.Data("file", "file"), PoolOption, OptionSpec.Value("offset", "volume offset to download from"),
             OptionSpec.Value("length", "amount of data to download")], context => TransferAsync(context, upload: false));
    }


    /// <summary>As virsh: the arguments become volume XML (the backing volume looked up in the pool first), which is printed or created.</summary>
    private static async Task<int> CreateAsAsync(CommandContext context)
    {
        var args = context.Args;
        string name = args.Required("name");
        if (name.Length == 0)
            throw new UsageException("Failed to get option 'name': Option argument is empty");
        ulong capacity = Size(args.Required("capacity"));
        ulong? allocation = args.Get("allocation") is { } allocationText ? Size(allocationText) : null;
        var pool = await context.PoolAsync().ConfigureAwait(false);
        var storage = await context.StorageAsync().ConfigureAwait(false);

        var xml = new System.Text.StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<volume>\n  <name>{SecurityElement.Escape(name)}</name>\n  <capacity>{capacity}</capacity>\n");
        if (allocation is not null)
            xml.Append(CultureInfo.InvariantCulture, $"  <allocation>{allocation}</allocation>\n");
        if (args.Get("format") is { } format)
            xml.Append(CultureInfo.InvariantCulture, $"  <target>\n    <format type='{SecurityElement.Escape(format)}'/>\n  </target>\n");
        if (args.Get("backing-vol") is { } backingName)
        {
            string backingPath = await BackingPathAsync(context, storage, pool, backingName).ConfigureAwait(false);
            xml.Append(CultureInfo.InvariantCulture, $"  <backingStore>\n    <path>{SecurityElement.Escape(backingPath)}</path>\n");
            if (args.Get("backing-vol-format") is { } backingFormat)
                xml.Append(CultureInfo.InvariantCulture, $"    <format type='{SecurityElement.Escape(backingFormat)}'/>\n");
            xml.Append("  </backingStore>\n");
        }
        xml.Append("</volume>\n");
        if (args.Has("print-xml"))
        {
            context.Out.Write(xml.ToString());
            return 0;
        }
        var volume = await StorageLookup.TryAsync(() => storage.CreateVolumeAsync(pool, xml.ToString(), context.Cancellation), $"Failed to create vol {name}").ConfigureAwait(false);
        context.Out.WriteLine($"Vol {volume.Name} created");
        return 0;
    }

    /// <summary>virsh looks the backing volume up by name in the pool, then by key or path.</summary>
    private static async Task<string> BackingPathAsync(CommandContext context, IStorageDriver storage, PoolRef pool, string backing)
    {
        try
        {
            return (await storage.LookupVolumeAsync(pool, backing, context.Cancellation).ConfigureAwait(false)).Path;
        }
        catch (StrataException)
        {
        }
        try
        {
            return (await storage.LookupVolumeByPathAsync(backing, context.Cancellation).ConfigureAwait(false)).Path;
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"failed to get vol '{backing}'", error);
        }
    }

    private static async Task<int> ResizeAsync(CommandContext context)
    {
        var volume = await context.VolumeAsync().ConfigureAwait(false);
        string text = context.Args.Required("capacity");
        ulong size = Size(text);
        var storage = await context.StorageAsync().ConfigureAwait(false);
        await StorageLookup.TryAsync(async () =>
        {
            ulong capacity = size;
            if (context.Args.Has("delta"))
                capacity += (await storage.GetVolumeInfoAsync(volume, context.Cancellation).ConfigureAwait(false)).Capacity;
            await storage.ResizeVolumeAsync(volume, capacity, context.Args.Has("shrink"), context.Cancellation).ConfigureAwait(false);
        }, $"Failed to change size of volume '{volume.Name}' to {text}").ConfigureAwait(false);
        context.Out.WriteLine($"Size of volume '{volume.Name}' successfully changed to {text}");
        return 0;
    }

    /// <summary>vol-upload and vol-download: the volume file's bytes to or from a local file.</summary>
    private static async Task<int> TransferAsync(CommandContext context, bool upload)
    {
        var volume = await context.VolumeAsync().ConfigureAwait(false);
        string file = context.Args.Required("file");
        ulong offset = context.Args.Get("offset") is { } offsetText ? Size(offsetText) : 0;
        ulong? length = context.Args.Get("length") is { } lengthText ? Size(lengthText) : null;
        var storage = await context.StorageAsync().ConfigureAwait(false);
        FileStream stream;
        try
        {
            stream = upload ? new FileStream(file, FileMode.Open, FileAccess.Read) : new FileStream(file, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(upload ? $"cannot read {file}" : $"cannot create {file}", e);
        }
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await (upload
                    ? storage.UploadVolumeAsync(volume, stream, offset, length, context.Cancellation)
                    : storage.DownloadVolumeAsync(volume, stream, offset, length, context.Cancellation)).ConfigureAwait(false);
            }
            catch (StrataException error)
            {
                throw new CommandFailedException(TransferFailure(upload, (error as VolumeTransferException)?.Stage ?? TransferStage.Open, volume.Name), error);
            }
        }
        return 0;
    }

    /// <summary>virsh's first line for a transfer that failed: it names the step.</summary>
    private static string TransferFailure(bool upload, TransferStage stage, string volume) => (upload, stage) switch
    {
        (_, TransferStage.Finish) => $"cannot close volume {volume}",
        (true, TransferStage.Data) => $"cannot send data to volume {volume}",
        (false, TransferStage.Data) => $"cannot receive data from volume {volume}",
        (true, _) => $"cannot upload to volume {volume}",
        (false, _) => $"cannot download from volume {volume}",
    };

    /// <summary>A scaled size; virsh's "Malformed size" line, then why.</summary>
    private static ulong Size(string text)
    {
        try
        {
            return StorageSize.Parse(text);
        }
        catch (StrataException error)
        {
            throw new CommandFailedException($"Malformed size {text}", error);
        }
    }
}
