using Strata.Images;

namespace Strata.Pools;

/// <summary>A directory pool's volumes are image files: each operation here is one file operation through the image library.</summary>
internal static class VolumeFiles
{
    /// <summary>libvirt's mode for a new volume: only its owner (the hypervisor's user) reads it.</summary>
    public const int DefaultMode = 0x180; // 0600

    private const int CopyBufferSize = 1024 * 1024;

    /// <summary>Reads a volume's format, sizes and backing file from the file itself.</summary>
    public static VolumeInfo Describe(VolumeRef volume)
    {
        ImageInfo info;
        try
        {
            ImageFormat format = DiskImage.Probe(volume.Path);
            using var image = DiskImage.Open(volume.Path, new ImageOpenOptions { ReadOnly = true, Format = format, IgnoreBacking = true });
            info = image.GetInfo();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new VolumeNotFoundException($"no storage vol with matching path '{volume.Path}'");
        }
        var status = FileStatus.Of(volume.Path);
        string? backing = info.FullBackingPath;
        return new VolumeInfo
        {
            Volume = volume,
            Format = info.Format,
            Capacity = (ulong)info.VirtualSize,
            Allocation = (ulong)(status?.AllocatedBytes ?? info.ActualSize),
            Physical = (ulong)(status?.Length ?? new FileInfo(volume.Path).Length),
            Compat = info.Version switch { 3 => "1.1", 2 => "0.10", _ => null },
            ClusterSize = info.ClusterSize,
            LazyRefcounts = info.LazyRefcounts,
            BackingPath = backing,
            BackingFormat = info.BackingFormat ?? (backing is not null && File.Exists(backing) ? DiskImage.Probe(backing) : null),
            Status = status,
            BackingStatus = backing is null ? null : FileStatus.Of(backing),
        };
    }

    public static void Create(string path, VolumeDefinition definition)
    {
        if (File.Exists(path) || Directory.Exists(path))
            throw new StrataException(ErrorCode.StorageVolumeExists, $"storage volume '{definition.Name}' exists already");
        var mode = (UnixFileMode)(definition.Mode ?? DefaultMode);
        if (definition.Format == ImageFormat.Raw)
        {
            // As libvirt: a raw volume is allocated up front (all of it unless <allocation> says less), so it cannot run out of space later.
            long capacity = checked((long)definition.Capacity);
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                PreallocationSize = Math.Min(capacity, checked((long)(definition.Allocation ?? definition.Capacity))),
            };
            using (var stream = new FileStream(path, options))
                stream.SetLength(capacity);
        }
        else
        {
            string? backing = definition.BackingPath;
            if (backing is not null && !File.Exists(backing))
                throw new StrataException(ErrorCode.OperationFailed, $"operation failed: backing storage '{backing}' of volume '{definition.Name}' does not exist");
            DiskImage.Create(path, new ImageCreateOptions
            {
                Format = ImageFormat.Qcow2,
                Size = checked((long)definition.Capacity),
                BackingFile = backing,
                BackingFormat = backing is null ? null : definition.BackingFormat ?? DiskImage.Probe(backing),
            });
        }
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>A standalone copy of the source's guest view in the source's format (its backing chain flattened, as libvirt's clone).</summary>
    public static async Task CloneAsync(VolumeInfo source, string path, string name, CancellationToken cancellationToken)
    {
        if (File.Exists(path) || Directory.Exists(path))
            throw new StrataException(ErrorCode.StorageVolumeExists, $"storage volume '{name}' exists already");
        using (var image = DiskImage.Open(source.Volume.Path, new ImageOpenOptions { ReadOnly = true, Format = source.Format }))
        {
            await ImageConverter.ConvertAsync(image, path, new ImageCreateOptions { Format = source.Format, Size = image.VirtualSize }, cancellationToken).ConfigureAwait(false);
        }
        File.SetUnixFileMode(path, (UnixFileMode)(source.Status?.Mode ?? DefaultMode));
    }

    /// <summary>
    /// Every byte reads as zero afterwards. A raw file is cut to nothing and grown back (its old blocks freed); a
    /// qcow2 file is replaced, atomically, by an empty one of the same size and backing file.
    /// </summary>
    public static void Wipe(VolumeInfo volume)
    {
        string path = volume.Volume.Path;
        if (volume.Format == ImageFormat.Raw)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(0);
            stream.SetLength((long)volume.Capacity);
            stream.Flush(flushToDisk: true);
            return;
        }
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".wipe-{Guid.NewGuid():N}");
        try
        {
            DiskImage.Create(temp, new ImageCreateOptions
            {
                Format = ImageFormat.Qcow2,
                Size = (long)volume.Capacity,
                BackingFile = volume.BackingPath,
                BackingFormat = volume.BackingPath is null ? null : volume.BackingFormat,
            });
            File.SetUnixFileMode(temp, (UnixFileMode)(volume.Status?.Mode ?? DefaultMode));
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static async Task ResizeAsync(VolumeInfo volume, ulong capacity, bool allowShrink, CancellationToken cancellationToken)
    {
        if (capacity < volume.Capacity && !allowShrink)
            throw new StrataException(ErrorCode.InvalidArg, "invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        if (capacity < volume.Capacity && volume.Format != ImageFormat.Raw)
            throw new StrataException(ErrorCode.ConfigUnsupported, $"unsupported configuration: shrinking a {VolumeXml.FormatName(volume.Format)} volume is not supported");
        if (capacity < volume.Capacity)
        {
            using var stream = new FileStream(volume.Volume.Path, FileMode.Open, FileAccess.Write);
            stream.SetLength((long)capacity);
            return;
        }
        using var image = DiskImage.Open(volume.Volume.Path, new ImageOpenOptions { ReadOnly = false, Format = volume.Format, IgnoreBacking = true });
        await image.ResizeAsync(checked((long)capacity), cancellationToken).ConfigureAwait(false);
        await image.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task DownloadAsync(string path, Stream destination, ulong offset, ulong? length, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, CopyBufferSize, useAsync: true);
        file.Position = VolumeOffset.Seekable(path, offset);
        await BoundedCopy.CopyAsync(file, length, CopyBufferSize, destination.WriteAsync, cancellationToken).ConfigureAwait(false);
    }

    public static async Task UploadAsync(string path, Stream source, ulong offset, ulong? length, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, CopyBufferSize, useAsync: true);
        file.Position = VolumeOffset.Seekable(path, offset);
        await BoundedCopy.CopyAsync(source, length, CopyBufferSize, file.WriteAsync, cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }
}
