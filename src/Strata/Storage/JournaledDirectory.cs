namespace Strata.Storage;

/// <summary>
/// A directory of small files (domain definitions) whose every write or deletion is durable once the call returns,
/// for the price of one flush of one block instead of an fsync of the file and one of its directory.
/// </summary>
/// <remarks>
/// Design. A change is appended to a write-ahead journal beside the directory (<see cref="WriteAheadLog"/>: a
/// checksummed record with the file name and the new contents, or a tombstone) and flushed with one fdatasync into
/// blocks that are already allocated, so no metadata is written. The call returns then: the change is durable, and
/// this instance's readers see it at once (<see cref="TryGetPending"/>, <see cref="TakeChanges"/>). The file itself is
/// written behind, the ordinary atomic way (temp file + rename, no fsyncs), by one writer on another thread that
/// gathers the changes of a burst first (<see cref="GatherDelay"/>), while the caller answers its client: creating a
/// file costs as much as the flush or more (much more on a file system without a journal after many deletions), so a
/// define no longer waits for it, nor for the one before. A torn record can only be the last one, whose call never
/// returned: it fails its checksum and ends the journal.
/// <para>
/// From the first change until the writer has caught up, this instance holds the journal's lock (an OFD lock on the
/// journal file), which every other process takes before its first read of the directory and for every change: so
/// none replays a record over a newer file, and a process that starts reading finds every file written. (One that
/// reads on, as a second daemon would, sees a file the moment it is written, as it sees any other process's files;
/// <see cref="AwaitOtherWriters"/> waits for them, after a domain's lock is taken.) A file write that fails (a full
/// disk) leaves its change pending in memory and releases the lock; the idle checkpoint retries until it succeeds.
/// Replay makes each file named in the journal match its last record (write it if different, delete it for a
/// tombstone): it is idempotent, and runs before this process first reads the directory (<see cref="Recover"/>) and
/// at every checkpoint. A checkpoint lets the writer catch up, replays, fsyncs each file named and the directory,
/// then resets the journal (a new begin record with a fresh epoch); it runs when the journal is full, after a quiet
/// moment (<see cref="IdleDelay"/>) and when this instance is disposed after writing. So the journal stays short and
/// a new process (the CLI) has little to replay.
/// </para>
/// </remarks>
public sealed partial class JournaledDirectory : IDisposable
{
    /// <summary>A journal past this size is checkpointed before the next append (and replay at start reads at most this).</summary>
    private const long FullSize = 1024 * 1024;

    /// <summary>How long writes must pause before a checkpoint runs in the background.</summary>
    public static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Fault injection for the crash tests: with this variable set to 1, writes and deletions reach the journal (and
    /// this instance's readers) only, never the files, and no checkpoint runs, as if a crash had lost every unsynced write.
    /// </summary>
    public const string JournalOnlyVariable = "STRATA_TEST_JOURNAL_ONLY";

    private readonly string _directory;
    private readonly SemaphoreSlim _gate = new(1, 1); // one journal operation at a time in this instance
    private readonly Timer _idle;
    private readonly bool _journalOnly;
    private readonly WriteAheadLog _log;
    private bool _recovered;
    private bool _wrote;
    private bool _disposed;

    /// <summary>The files of <paramref name="directory"/>, journaled in <paramref name="journalPath"/> (outside it, so its changes are not the directory's).</summary>
    public JournaledDirectory(string directory, string journalPath)
        : this(directory, journalPath, journalOnly: Environment.GetEnvironmentVariable(JournalOnlyVariable) == "1")
    {
    }

    /// <summary>With <paramref name="journalOnly"/>, the fault injection of <see cref="JournalOnlyVariable"/>.</summary>
    internal JournaledDirectory(string directory, string journalPath, bool journalOnly)
    {
        _directory = directory;
        _log = new WriteAheadLog(journalPath);
        _journalOnly = journalOnly;
        _idle = new Timer(_ => CheckpointWhenIdle());
    }

    /// <summary>Replays the journal once per instance (a no-op later): call before the directory is first read.</summary>
    public void Recover()
    {
        if (Volatile.Read(ref _recovered))
            return;
        if (!_log.Exists)
        {
            // Nothing was ever journaled here (a writer creates the journal before its first record).
            Volatile.Write(ref _recovered, true);
            return;
        }
        _gate.Wait();
        try
        {
            using var share = HoldShare();
            RecoverLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes <paramref name="fileName"/> hold <paramref name="contents"/>, durably.</summary>
    public Task WriteAsync(string fileName, string contents, CancellationToken cancellationToken) =>
        ChangeAsync(JournalRecordKind.Write, fileName, contents, cancellationToken);

    /// <summary>Deletes <paramref name="fileName"/>, durably.</summary>
    public Task DeleteAsync(string fileName, CancellationToken cancellationToken) =>
        ChangeAsync(JournalRecordKind.Delete, fileName, null, cancellationToken);

    /// <summary>Makes every journaled change durable in the files themselves and empties the journal.</summary>
    public void Checkpoint()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
                return;
            using var share = HoldShare();
            RecoverLocked();
            CheckpointLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes every file still behind, checkpoints what this instance wrote (if anything) and stops its idle checkpoints.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _idle.Dispose();
            StopWriter(); // a change can no longer come (the gate is held), and a checkpoint writes what is behind
            if (!_wrote)
                return;
            using var share = HoldShare();
            CheckpointLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ChangeAsync(JournalRecordKind kind, string fileName, string? contents, CancellationToken cancellationToken)
    {
        RequirePlainName(fileName);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var share = HoldShare();
            RecoverLocked();
            _log.FindEnd();
            long payload = System.Text.Encoding.UTF8.GetByteCount(fileName) + 1 + (contents is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(contents));
            if (!_log.Fits(payload, FullSize) && _log.Count > 0)
                CheckpointLocked();
            _log.Append(kind, fileName, contents);
            _wrote = true;
            // Durable now. The file follows behind, holding the journal's lock until it is written.
            WriteBehind(fileName, new PendingFile(kind, contents));
            CheckpointLater();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Waits until no other process has a change whose file is still being written (about <see cref="GatherDelay"/>;
    /// in a burst of changes, until the end of a batch finds none under way): call after taking a lock that orders
    /// changes across processes (a domain's name or UUID), before reading what they guard. Free while this instance
    /// has files of its own behind: then no other process can have any.
    /// </summary>
    public void AwaitOtherWriters()
    {
        if (!_log.Exists)
            return; // nothing was ever journaled here
        Hold();
        Release();
    }

    private void RecoverLocked()
    {
        if (_recovered)
            return;
        if (!_journalOnly)
            Replay(_log.ReadAll());
        Volatile.Write(ref _recovered, true);
    }

    private void CheckpointLocked()
    {
        if (_journalOnly)
            return;
        CatchUp();
        var latest = Replay(_log.ReadAll());
        ForgetPending();
        if (_log.Count == 0)
            return;
        ManyFilesSync.SyncAll([.. latest.Where(r => r.Kind == JournalRecordKind.Write).Select(r => Path.Combine(_directory, r.FileName))]);
        Posix.SyncDirectory(_directory);
        _log.Reset();
        _wrote = false;
    }

    /// <summary>Makes every file the records name match its last record; returns those last records.</summary>
    private ICollection<JournalRecord> Replay(List<JournalRecord> records)
    {
        var last = new Dictionary<string, JournalRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (IsPlainName(record.FileName))
                last[record.FileName] = record;
        }
        foreach (var record in last.Values)
        {
            string path = Path.Combine(_directory, record.FileName);
            if (record.Kind == JournalRecordKind.Delete || TextFile.ReadOrNull(path) != record.Contents)
                Apply(record.Kind, record.FileName, record.Contents);
        }
        return last.Values;
    }

    // Not durable on its own: the journal record already is, and a checkpoint fsyncs the file later. Returns the
    // temp name a written file had before its rename into place.
    private string? Apply(JournalRecordKind kind, string fileName, string? contents)
    {
        string path = Path.Combine(_directory, fileName);
        if (kind == JournalRecordKind.Write)
            return AtomicFile.WriteAllText(path, contents!, durable: false);
        AtomicFile.Delete(path, durable: false);
        return null;
    }

    private void CheckpointWhenIdle()
    {
        try
        {
            Checkpoint();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Every change is still in the journal: try again after the next quiet moment.
            _gate.Wait();
            try
            {
                CheckpointLater();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Schedules a checkpoint after the next quiet moment (the gate is held, so Dispose cannot race it).</summary>
    private void CheckpointLater()
    {
        if (!_journalOnly && !_disposed)
            _idle.Change(IdleDelay, Timeout.InfiniteTimeSpan);
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static void RequirePlainName(string name)
    {
        if (!IsPlainName(name))
            throw new ArgumentException($"not a plain file name: '{name}'", nameof(name));
    }
}
