using System.Buffers.Binary;

namespace Strata.Images;

/// <summary>An open disk image (raw or qcow2) with its backing chain, read and written at any byte offset.</summary>
public abstract class DiskImage : IDisposable, IAsyncDisposable
{
    private protected DiskImage(string path, bool readOnly, DiskImage? backing)
    {
        Path = path;
        IsReadOnly = readOnly;
        Backing = backing;
    }

    /// <summary>The image file's full path.</summary>
    public string Path { get; }

    /// <summary>The image's format.</summary>
    public abstract ImageFormat Format { get; }

    /// <summary>The disk size the guest sees, in bytes.</summary>
    public abstract long VirtualSize { get; }

    /// <summary>True when writes are refused.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The next image down the chain, or null at the bottom.</summary>
    public DiskImage? Backing { get; }

    /// <summary>Opens an image and its backing chain, refusing broken, hostile or unsupported images before reading any data.</summary>
    public static DiskImage Open(string path, ImageOpenOptions? options = null)
    {
        options ??= new ImageOpenOptions();
        return ImageChain.Open(path, options);
    }

    /// <summary>Creates a new image file; fails if the file exists.</summary>
    public static void Create(string path, ImageCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Size < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Image size must not be negative");
        if (options.Format == ImageFormat.Raw)
        {
            if (options.BackingFile is not null)
                throw new ArgumentException("A raw image cannot have a backing file", nameof(options));
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.SetLength(options.Size); // sparse: the filesystem allocates nothing until written
            return;
        }
        Qcow2Image.CreateFile(path, options);
    }

    /// <summary>Reads the first bytes of a file to tell qcow2 from raw.</summary>
    public static ImageFormat Probe(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        int read = RandomAccess.Read(handle, magic, 0);
        return read == 4 && BinaryPrimitives.ReadUInt32BigEndian(magic) == Qcow2Header.Magic ? ImageFormat.Qcow2 : ImageFormat.Raw;
    }

    /// <summary>Fills <paramref name="buffer"/> with the guest's bytes at <paramref name="offset"/>, falling through the chain where this image holds nothing.</summary>
    public abstract ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Writes guest bytes into this (top) image, copying the rest of each newly allocated cluster from the chain.</summary>
    public abstract ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first stretch at or after <paramref name="offset"/> (and before <paramref name="limit"/>) that may hold
    /// non-zero bytes: everything from <paramref name="offset"/> to its start reads as zeros. Lets a copy skip holes
    /// without reading them; (limit, limit) when none is left.
    /// </summary>
    internal virtual ValueTask<(long Start, long End)> NextDataAsync(long offset, long limit, CancellationToken cancellationToken) =>
        ValueTask.FromResult((offset, limit));

    /// <summary>Makes every completed write durable.</summary>
    public abstract ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Grows the virtual disk to <paramref name="newSize"/> bytes; the new part reads as zeros, even over a longer backing file (as QEMU).</summary>
    public abstract ValueTask ResizeAsync(long newSize, CancellationToken cancellationToken = default);

    /// <summary>Records the disk's current content as an internal snapshot (qcow2 only), as <c>qemu-img snapshot -c</c>.</summary>
    public virtual ValueTask CreateSnapshotAsync(string name, CancellationToken cancellationToken = default) => throw NoSnapshots();

    /// <summary>Removes an internal snapshot by id or name, as <c>qemu-img snapshot -d</c>.</summary>
    public virtual ValueTask DeleteSnapshotAsync(string idOrName, CancellationToken cancellationToken = default) => throw NoSnapshots();

    /// <summary>Reverts the disk to an internal snapshot by id or name, as <c>qemu-img snapshot -a</c>.</summary>
    public virtual ValueTask ApplySnapshotAsync(string idOrName, CancellationToken cancellationToken = default) => throw NoSnapshots();

    private OperationInvalidException NoSnapshots() => new($"{Format} image '{Path}' cannot hold internal snapshots");

    /// <summary>Compares stored refcounts with the references metadata makes; with <paramref name="repairLeaks"/>, lowers refcounts that are too high.</summary>
    public virtual ValueTask<ImageCheckResult> CheckAsync(bool repairLeaks = false, CancellationToken cancellationToken = default)
    {
        if (repairLeaks)
            CheckWritable();
        return ValueTask.FromResult(new ImageCheckResult()); // raw has no metadata to be wrong
    }

    /// <summary>Describes this image (not its backing files; walk <see cref="Backing"/> for those).</summary>
    public abstract ImageInfo GetInfo();

    /// <summary>Describes each image of the chain, top first.</summary>
    public IReadOnlyList<ImageInfo> GetChainInfo()
    {
        var infos = new List<ImageInfo>();
        for (DiskImage? image = this; image is not null; image = image.Backing)
            infos.Add(image.GetInfo());
        return infos;
    }

    private protected void CheckRange(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > VirtualSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{length} bytes at {offset} lie outside the {VirtualSize}-byte disk");
    }

    private protected void CheckWritable()
    {
        if (IsReadOnly)
            throw new OperationInvalidException($"image '{Path}' is open read-only");
    }

    /// <summary>Closes this image and its backing chain.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes this image and its backing chain.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            Backing?.Dispose();
    }
}
