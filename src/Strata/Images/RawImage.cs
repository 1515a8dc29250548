using Microsoft.Win32.SafeHandles;

namespace Strata.Images;

/// <summary>A raw image: guest offset equals file offset.</summary>
internal sealed class RawImage : DiskImage
{
    private readonly SafeFileHandle _handle;
    private long _size;

    public RawImage(string path, bool readOnly)
        : base(path, readOnly, null)
    {
        _handle = File.OpenHandle(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite, FileShare.Read);
        _size = RandomAccess.GetLength(_handle);
    }

    public override ImageFormat Format => ImageFormat.Raw;
    public override long VirtualSize => _size;

    public override async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRange(offset, buffer.Length);
        await ImageIo.ReadFullyAsync(_handle, buffer, offset, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        CheckRange(offset, data.Length);
        await ImageIo.WriteAsync(_handle, data, offset, cancellationToken).ConfigureAwait(false);
    }

    internal override ValueTask<(long Start, long End)> NextDataAsync(long offset, long limit, CancellationToken cancellationToken)
    {
        var (start, end) = ImageIo.NextData(_handle, offset, Math.Min(limit, _size));
        return ValueTask.FromResult((Math.Min(start, limit), Math.Min(end, limit)));
    }

    public override ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!IsReadOnly)
            ImageIo.FlushToDisk(_handle);
        return ValueTask.CompletedTask;
    }

    public override ValueTask ResizeAsync(long newSize, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        if (newSize < _size)
            throw new OperationInvalidException($"shrinking '{Path}' from {_size} to {newSize} bytes is not supported");
        RandomAccess.SetLength(_handle, newSize); // sparse growth
        _size = newSize;
        return ValueTask.CompletedTask;
    }

    public override ImageInfo GetInfo() => new()
    {
        Path = Path,
        Format = ImageFormat.Raw,
        VirtualSize = _size,
        ActualSize = ImageIo.AllocatedBytes(Path),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _handle.Dispose();
        base.Dispose(disposing);
    }
}
