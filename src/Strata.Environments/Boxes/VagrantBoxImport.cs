using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Strata.Images;

namespace Strata.Environments.Boxes;

/// <summary>
/// Imports a vagrant-libvirt <c>.box</c>: a tar (usually gzip-compressed) holding <c>metadata.json</c>
/// (<c>{"provider":"libvirt","format":"qcow2",…}</c>), <c>box.img</c> and a <c>Vagrantfile</c>. The box is unpacked
/// and checked in a work folder of the store and renamed into place only when it is sound: a refused file leaves nothing.
/// </summary>
internal static class VagrantBoxImport
{
    private static readonly string[] Wanted = [ImportedBox.MetadataFile, ImportedBox.ImageFile, ImportedBox.VagrantFile];

    public static async Task ImportAsync(BoxStore store, string name, string boxFile, bool force, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(boxFile))
            throw new BoxException($"box file '{boxFile}' does not exist");
        string target = Path.Combine(store.Root, name);
        if (Directory.Exists(target) && !force)
            throw new BoxException($"box '{name}' already exists (remove it first, or force the import to replace it)");

        string work = store.NewWorkDirectory("import");
        try
        {
            progress?.Report($"unpacking {Path.GetFileName(boxFile)}");
            await UnpackAsync(boxFile, work, cancellationToken).ConfigureAwait(false);
            CheckMetadata(boxFile, work);
            bool tiny = await CheckImageAsync(boxFile, work, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(work, ImportedBox.BootFile),
                (tiny ? ImportedBox.TinyBoot : ImportedBox.CloudInitBoot) + "\n", cancellationToken).ConfigureAwait(false);
            store.Replace(name, work);
        }
        catch
        {
            BoxStore.TryDelete(work);
            throw;
        }
    }

    /// <summary>Copies the three files a box is made of out of the archive; anything else in it is ignored, nothing is written outside <paramref name="into"/>.</summary>
    private static async Task UnpackAsync(string boxFile, string into, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(boxFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] magic = new byte[2];
        int read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        bool gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        await using Stream archive = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            await using var reader = new TarReader(archive);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                string entryName = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !Wanted.Contains(entryName))
                    continue;
                await entry.ExtractToFileAsync(Path.Combine(into, entryName), overwrite: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new BoxException($"'{boxFile}' is not a readable {(gzip ? "gzip-compressed tar" : "tar")} archive: {error.Message}", error);
        }
    }

    private static void CheckMetadata(string boxFile, string work)
    {
        string path = Path.Combine(work, ImportedBox.MetadataFile);
        if (!File.Exists(path))
            throw new BoxException($"'{boxFile}' holds no {ImportedBox.MetadataFile}: not a Vagrant box");
        JsonElement metadata;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            metadata = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new BoxException($"{ImportedBox.MetadataFile} in '{boxFile}' is not valid JSON: {error.Message}", error);
        }
        if (metadata.ValueKind != JsonValueKind.Object)
            throw new BoxException($"{ImportedBox.MetadataFile} in '{boxFile}' is not a JSON object");
        string? provider = StringProperty(metadata, "provider");
        if (provider != "libvirt")
            throw new BoxException($"'{boxFile}' is a box for provider '{provider ?? "(none)"}'; only libvirt boxes can be imported");
        if (metadata.TryGetProperty("disks", out _))
            throw new BoxException($"'{boxFile}' is a multi-disk box (a 'disks' list in {ImportedBox.MetadataFile}); only single-disk boxes with box.img are supported");
        string? format = StringProperty(metadata, "format");
        if (format != "qcow2")
            throw new BoxException($"{ImportedBox.MetadataFile} in '{boxFile}' gives format '{format ?? "(none)"}'; only qcow2 is supported");
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Checks that box.img is a sound, self-contained qcow2 image; true when it is a tiny root disk.</summary>
    private static async Task<bool> CheckImageAsync(string boxFile, string work, CancellationToken cancellationToken)
    {
        string image = Path.Combine(work, ImportedBox.ImageFile);
        if (!File.Exists(image))
            throw new BoxException($"'{boxFile}' holds no {ImportedBox.ImageFile}");
        if (DiskImage.Probe(image) != ImageFormat.Qcow2)
            throw new BoxException($"{ImportedBox.ImageFile} in '{boxFile}' is not a qcow2 image");
        try
        {
            await using var disk = DiskImage.Open(image, new ImageOpenOptions { Format = ImageFormat.Qcow2, AllowedRoot = work });
            if (disk.Backing is not null || disk.GetInfo().BackingFile is not null)
                throw new BoxException($"{ImportedBox.ImageFile} in '{boxFile}' has a backing file; a box must be self-contained");
            return await TinyDiskProbe.IsTinyDiskAsync(disk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StrataException and not BoxException or IOException)
        {
            throw new BoxException($"{ImportedBox.ImageFile} in '{boxFile}' is not a valid qcow2 image: {error.Message}", error);
        }
    }
}
