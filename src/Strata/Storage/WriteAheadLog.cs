using Microsoft.Win32.SafeHandles;

namespace Strata.Storage;

/// <summary>
/// The journal file of a <see cref="JournaledDirectory"/>: a begin record at offset 0 naming the current epoch, then
/// records of that epoch with sequence numbers 1, 2, … one after the other. The file is filled with zeros ahead of
/// use, so an append overwrites blocks that are already allocated and written: its fdatasync flushes one or two data
/// blocks and no metadata (no journal commit of the file system), the cheapest durable write there is. A reset starts
/// a new generation by writing a begin record with a fresh random epoch over the old one; the old records stay in the
/// file but no longer count. Not thread-safe: the caller holds the journal's lock.
/// </summary>
internal sealed class WriteAheadLog(string path)
{
    /// <summary>The file grows by this much at a time, written with zeros and fsynced once.</summary>
    private const int GrowthChunk = 256 * 1024;

    private SafeFileHandle? _handle; // open only while locked
    private long _capacity;
    private ulong _epoch;
    private ulong _nextSequence = 1;
    private long _end = JournalRecord.HeaderSize;
    private bool _exists;

    /// <summary>Records after the begin record, as of the last <see cref="ReadAll"/> or <see cref="FindEnd"/>.</summary>
    public int Count => (int)(_nextSequence - 1);

    /// <summary>
    /// Whether the journal file exists (a writer creates it; until then there is nothing to replay). Never a stat:
    /// see <see cref="Posix.Exists"/>.
    /// </summary>
    public bool Exists => _exists || (_exists = Posix.Exists(path)); // once made, the journal stays

    /// <summary>
    /// Opens the journal (creating it if absent) and takes its lock, an OFD lock on the whole file through the very
    /// description that reads and writes it: nothing stays open between operations. Held until disposed; waiting
    /// happens in the kernel, since holders keep it briefly: a flush, the files a writer still has to write behind
    /// (gathered for a few milliseconds), or for a checkpoint a flush per file.
    /// </summary>
    public Held Lock()
    {
        int fd = Posix.OpenForLocking(path);
        if (fd < 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            fd = Posix.OpenForLocking(path);
            if (fd < 0)
                throw new IOException($"cannot open the journal {path}: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Posix.TryLockRange(fd, offset: -1, wait: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        _handle = handle;
        return new Held(this);
    }

    /// <summary>The journal's lock and open file, released together.</summary>
    public readonly struct Held(WriteAheadLog log) : IDisposable
    {
        public void Dispose()
        {
            log._handle?.Dispose();
            log._handle = null;
        }
    }

    /// <summary>
    /// Finds where the next record goes, from what the file holds now (another process may have appended or reset
    /// since): normally one read of the begin record and one of the header after the last known record.
    /// </summary>
    public void FindEnd() => Scan(collect: null);

    /// <summary>Every valid record of the current generation, in order.</summary>
    public List<JournalRecord> ReadAll()
    {
        var records = new List<JournalRecord>();
        Scan(records);
        return records;
    }

    /// <summary>Appends the next record (call <see cref="FindEnd"/> first, under the lock) and flushes it to the disk.</summary>
    public void Append(JournalRecordKind kind, string fileName, string? contents)
    {
        byte[] bytes = new JournalRecord(kind, _epoch, _nextSequence, fileName, contents).Encode();
        if (_end + bytes.Length > _capacity)
            Grow(_end + bytes.Length);
        RandomAccess.Write(Handle, bytes, _end);
        DataSync();
        _end += bytes.Length;
        _nextSequence++;
    }

    /// <summary>Whether a record of <paramref name="payloadBytes"/> still fits under <paramref name="limit"/> bytes.</summary>
    public bool Fits(long payloadBytes, long limit) => _end + JournalRecord.HeaderSize + payloadBytes <= limit;

    /// <summary>Starts a new generation: every record so far stops counting (the caller made them durable elsewhere).</summary>
    public void Reset()
    {
        if (_capacity == 0) // a new file: its name must survive a crash before anything is journaled in it
            Posix.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (_capacity < GrowthChunk)
            Grow(GrowthChunk);
        _epoch = (ulong)Random.Shared.NextInt64() | 1; // never 0; unpredictable enough: it only has to differ from the last epochs
        RandomAccess.Write(Handle, JournalRecord.Begin(_epoch).Encode(), 0);
        DataSync();
        _nextSequence = 1;
        _end = JournalRecord.HeaderSize;
    }

    private void Scan(List<JournalRecord>? collect)
    {
        // Its size without a stat: asking for the journal's times would make the next append write its inode too.
        _capacity = Posix.SizeOf(Handle);
        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        ulong? epoch = Read(header, 0) ? JournalRecord.EpochOfBegin(header) : null;
        if (epoch is null)
        {
            // A new file, or a reset torn by a crash (which happens only after everything was made durable): start over.
            Reset();
            return;
        }
        if (epoch != _epoch || collect is not null)
        {
            _epoch = epoch.Value;
            _nextSequence = 1;
            _end = JournalRecord.HeaderSize;
        }
        while (TryReadAt(_end) is (var record, var size))
        {
            collect?.Add(record);
            _end += size;
            _nextSequence++;
        }
    }

    /// <summary>The record at <paramref name="offset"/> and its size, if it is the next valid one.</summary>
    private (JournalRecord Record, int Size)? TryReadAt(long offset)
    {
        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        if (!Read(header, offset))
            return null;
        int payload = JournalRecord.PayloadLength(header, _epoch, _nextSequence, _capacity - offset);
        if (payload < 0)
            return null;
        byte[] bytes = new byte[JournalRecord.HeaderSize + payload];
        // The checksum is checked even when only the end is wanted: a torn record ends the log for every reader alike.
        return Read(bytes, offset) && JournalRecord.Decode(bytes, _epoch, _nextSequence) is { } record ? (record, bytes.Length) : null;
    }

    private bool Read(Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(Handle, buffer, offset);
            if (read == 0)
                return false;
            buffer = buffer[read..];
            offset += read;
        }
        return true;
    }

    // Zeros written (not fallocated: unwritten extents would turn every later append into a metadata change),
    // then one fsync for the new blocks and the new size.
    private void Grow(long atLeast)
    {
        long target = (atLeast + GrowthChunk - 1) / GrowthChunk * GrowthChunk;
        var zeros = new byte[GrowthChunk];
        for (long at = _capacity; at < target; at += GrowthChunk)
            RandomAccess.Write(Handle, zeros.AsSpan(0, (int)Math.Min(GrowthChunk, target - at)), at);
        RandomAccess.FlushToDisk(Handle);
        _capacity = target;
    }

    private SafeFileHandle Handle => _handle ?? throw new InvalidOperationException("the journal is not locked");

    private void DataSync() => Posix.DataSync(Handle);
}
