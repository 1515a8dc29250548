namespace Strata.Storage;

/// <summary>
/// The files of a <see cref="JournaledDirectory"/> that are journaled but not yet written: kept in memory for this
/// instance's readers, and written in the background by one writer at a time, each under the journal's lock. The
/// writer is a thread of its own at a lower priority: what it writes is already durable, so the callers and their
/// clients come first (measured: undefines 0.015–0.05 ms faster than with the thread pool writing). It gathers the
/// changes of a burst for <see cref="GatherDelay"/> and writes their files together.
/// </summary>
public sealed partial class JournaledDirectory
{
    private readonly Lock _state = new(); // guards the fields below
    private readonly Dictionary<string, PendingFile> _pending = new(StringComparer.Ordinal); // the last unwritten change of each name
    private readonly Queue<string> _unwritten = new(); // one entry per change, in journal order, each with a hold
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal); // names changed since TakeChanges
    private bool _writerScheduled;
    private readonly SemaphoreSlim _wake = new(0); // one release per scheduling of the writer; and one to stop it
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0); // a gathering writer sleeps, it does not spin
    private Thread? _writerThread;

    /// <summary>
    /// How long the writer waits, once a change is behind, for more to come before it writes their files. Creating a
    /// file dirties its directory's inode. On ext4 without a journal (as on this project's development VM) an
    /// fdatasync of the journal also writes the inode-table block that holds the journal's inode whenever that block
    /// is dirty, and the directory's inode, made beside the journal, lies in the same block. Written file by file,
    /// that gave each define of a burst a second disk write (2.85 writes per define, against 2.05 for bench/daemon's
    /// one-flush daemon) and cost it 0.05–0.2 ms; gathered, only the first define after each batch pays (2.2–2.4
    /// writes per define). Another process that wants to read waits about this much longer for the journal's lock:
    /// it is held while files are behind, and comes free whenever the writer has caught up with no change under way
    /// (in a burst, at the end of a batch, about every 10 ms).
    /// </summary>
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(10);

    private readonly Lock _writer = new(); // one writer of files at a time, so each name's file follows its changes in order

    // The last file the writer put in place under each name, with the temp name it had: a reader whose look finds
    // that rename to be the name's last change knows what the file holds without reading it back. Updated before
    // the change leaves _pending, so a reader always meets the newer of the two. Bounded: past it, the lot is
    // dropped, which only costs reads.
    private readonly Dictionary<string, (string Temp, string Contents)> _landed = new(StringComparer.Ordinal);
    private const int LandedKept = 1024;

    private readonly Lock _holdLock = new();
    private int _holds;
    private WriteAheadLog.Held _held;

    /// <summary>A change whose file is not written yet: its contents, or null for a deletion.</summary>
    private sealed record PendingFile(JournalRecordKind Kind, string? Contents);

    /// <summary>
    /// Whether <paramref name="fileName"/> has a change this instance journaled but has not written yet, and if so its
    /// contents (null: deleted). A reader asks this before reading the file, which may still be the old one.
    /// </summary>
    public bool TryGetPending(string fileName, out string? contents) => TryGetKnown(fileName, renamedFrom: null, out contents);

    /// <summary>
    /// What <paramref name="fileName"/> holds as this instance knows it: a change it has not written yet (as
    /// <see cref="TryGetPending"/>), or, when <paramref name="renamedFrom"/> (the source of the rename a reader's look
    /// found to be the name's last change) is the temp name of the last file this instance put in place under that
    /// name, that file's contents. False: only the file can tell.
    /// </summary>
    public bool TryGetKnown(string fileName, string? renamedFrom, out string? contents)
    {
        lock (_state)
        {
            if (_pending.TryGetValue(fileName, out var file))
            {
                contents = file.Contents;
                return true;
            }
            if (renamedFrom is not null && _landed.TryGetValue(fileName, out var landed) && landed.Temp == renamedFrom)
            {
                _landed.Remove(fileName); // its rename is seen once
                contents = landed.Contents;
                return true;
            }
            contents = null;
            return false;
        }
    }

    /// <summary>The names this instance has changes for that are not written yet (a reader listing the directory adds them).</summary>
    public string[] PendingNames()
    {
        lock (_state)
            return [.. _pending.Keys];
    }

    /// <summary>The names this instance changed since the last call: news that inotify brings only once the file is written.</summary>
    public string[] TakeChanges()
    {
        lock (_state)
        {
            if (_changed.Count == 0)
                return [];
            string[] names = [.. _changed];
            _changed.Clear();
            return names;
        }
    }

    /// <summary>Records a change just made durable, and (unless journal-only) queues its file for the writer.</summary>
    private void WriteBehind(string fileName, PendingFile file)
    {
        if (!_journalOnly)
            Hold(); // released once the file is written: until then other processes wait to start reading or to change it
        lock (_state)
        {
            _pending[fileName] = file;
            _changed.Add(fileName);
            if (_journalOnly)
                return;
            _unwritten.Enqueue(fileName);
            if (_writerScheduled)
                return;
            _writerScheduled = true;
            _writerThread ??= StartWriter();
        }
        _wake.Release();
    }

    private Thread StartWriter()
    {
        var thread = new Thread(() =>
        {
            Posix.LowerThisThreadsPriority();
            while (true)
            {
                _wake.Wait();
                if (_stop.Wait(GatherDelay))
                    return;
                WriteFiles();
            }
        })
        {
            IsBackground = true,
            Name = "definitions writer",
        };
        thread.Start();
        return thread;
    }

    /// <summary>Ends the writer thread, at dispose: no change can come any more, and the checkpoint that follows writes what is behind.</summary>
    private void StopWriter()
    {
        _stop.Set();
        lock (_state)
        {
            if (_writerThread is null)
                return;
        }
        _wake.Release();
    }

    /// <summary>Writes every file still behind, here and now (a checkpoint needs them all on disk).</summary>
    private void CatchUp() => WriteFiles();

    /// <summary>After a replay every file matches the journal, even those whose write behind failed.</summary>
    private void ForgetPending()
    {
        lock (_state)
            _pending.Clear();
    }

    private void WriteFiles()
    {
        lock (_writer)
        {
            while (true)
            {
                string name;
                PendingFile? file;
                lock (_state)
                {
                    if (!_unwritten.TryDequeue(out name!))
                    {
                        _writerScheduled = false;
                        return;
                    }
                    file = _pending.GetValueOrDefault(name); // the latest change of that name: an earlier entry may have written it already
                }
                try
                {
                    if (file is not null)
                        Landed(name, Apply(file.Kind, name, file.Contents), file.Contents);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    // The record is durable: readers here keep the pending change, and the idle checkpoint (armed after
                    // every change, and again after each failure) retries the file until it is written.
                    file = null;
                }
                finally
                {
                    if (file is not null)
                    {
                        lock (_state)
                        {
                            if (_pending.TryGetValue(name, out var now) && ReferenceEquals(now, file))
                                _pending.Remove(name);
                        }
                    }
                    Release();
                }
            }
        }
    }

    /// <summary>Notes the file now in place under <paramref name="fileName"/>: written from <paramref name="temp"/>, or (null) deleted.</summary>
    private void Landed(string fileName, string? temp, string? contents)
    {
        lock (_state)
        {
            if (temp is null)
            {
                _landed.Remove(fileName);
                return;
            }
            if (_landed.Count >= LandedKept)
                _landed.Clear();
            _landed[fileName] = (temp, contents!);
        }
    }

    /// <summary>
    /// Takes a share of the journal's lock: the first share opens and locks the journal (waiting for other processes),
    /// the last one released unlocks it. Journal operations and unwritten files hold shares.
    /// </summary>
    private void Hold()
    {
        lock (_holdLock)
        {
            if (_holds == 0)
                _held = _log.Lock();
            _holds++;
        }
    }

    /// <summary>A share of the journal's lock for the length of a using block (a journal operation's).</summary>
    private Share HoldShare()
    {
        Hold();
        return new Share(this);
    }

    private readonly struct Share(JournaledDirectory directory) : IDisposable
    {
        public void Dispose() => directory.Release();
    }

    private void Release()
    {
        lock (_holdLock)
        {
            if (--_holds == 0)
                _held.Dispose();
        }
    }
}
