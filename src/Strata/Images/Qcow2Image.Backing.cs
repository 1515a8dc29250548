using System.Buffers.Binary;
using System.Text;

namespace Strata.Images;

/// <summary>Rewrites the header cluster with another backing file name and format, keeping every other extension.</summary>
internal sealed partial class Qcow2Image
{
    private const int BackingOffsetField = 8;
    private const int BackingSizeField = 16;

    public async ValueTask SetBackingAsync(string? backingFile, ImageFormat? backingFormat, CancellationToken cancellationToken)
    {
        CheckWritable();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WritePendingL2();
            byte[] cluster = new byte[_clusterSize];
            await ImageIo.ReadFullyAsync(_handle, cluster, 0, cancellationToken).ConfigureAwait(false);
            int headerLength = _header.Version >= 3 ? _header.HeaderLength : Qcow2Header.V2Length;

            var extensions = new List<(uint Type, byte[] Data)>();
            int pos = headerLength;
            while (true)
            {
                uint type = BinaryPrimitives.ReadUInt32BigEndian(cluster.AsSpan(pos));
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(cluster.AsSpan(pos + 4));
                if (type == Qcow2Header.ExtEnd)
                    break;
                if (type != Qcow2Header.ExtBackingFormat)
                    extensions.Add((type, cluster.AsSpan(pos + 8, length).ToArray()));
                pos += 8 + ((length + 7) & ~7);
            }
            if (backingFile is not null && backingFormat is not null)
                extensions.Insert(0, (Qcow2Header.ExtBackingFormat, Encoding.UTF8.GetBytes(backingFormat == ImageFormat.Raw ? "raw" : "qcow2")));

            byte[] rebuilt = new byte[_clusterSize];
            cluster.AsSpan(0, headerLength).CopyTo(rebuilt);
            pos = headerLength;
            foreach (var (type, data) in extensions)
            {
                if (pos + 8 + data.Length + 8 > _clusterSize)
                    throw new OperationInvalidException($"the header extensions of '{Path}' leave no room for the backing file name");
                BinaryPrimitives.WriteUInt32BigEndian(rebuilt.AsSpan(pos), type);
                BinaryPrimitives.WriteUInt32BigEndian(rebuilt.AsSpan(pos + 4), (uint)data.Length);
                data.CopyTo(rebuilt, pos + 8);
                pos += 8 + ((data.Length + 7) & ~7);
            }
            pos += 8; // the end marker: already zeros
            ulong nameOffset = 0;
            byte[] name = backingFile is null ? [] : Encoding.UTF8.GetBytes(backingFile);
            if (name.Length > Qcow2Header.MaxBackingFileName || pos + name.Length > _clusterSize)
                throw new OperationInvalidException($"backing file name '{backingFile}' does not fit in the header of '{Path}'");
            if (backingFile is not null)
            {
                name.CopyTo(rebuilt, pos);
                nameOffset = (ulong)pos;
            }
            BinaryPrimitives.WriteUInt64BigEndian(rebuilt.AsSpan(BackingOffsetField), nameOffset);
            BinaryPrimitives.WriteUInt32BigEndian(rebuilt.AsSpan(BackingSizeField), (uint)name.Length);

            // One write of the whole header cluster, as QEMU does; the old header stays valid until it lands.
            await ImageIo.WriteAsync(_handle, rebuilt, 0, cancellationToken).ConfigureAwait(false);
            ImageIo.FlushToDisk(_handle);
            _header = Qcow2Header.Parse(Path, rebuilt, Math.Max(_fileLength, RandomAccess.GetLength(_handle)));
        }
        finally
        {
            _gate.Release();
        }
    }
}
