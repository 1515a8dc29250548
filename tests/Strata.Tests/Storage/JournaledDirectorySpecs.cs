using Strata.Storage;

namespace Strata.Tests.Storage;

/// <summary>
/// The journal behind durable definitions: what a crash leaves is replayed, a torn last record is ignored, and
/// instances that share a directory (as processes do) agree. "Journal only" instances stand for a process whose
/// file writes a crash lost after their journal records were flushed.
/// </summary>
public sealed class JournaledDirectorySpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strata-journal-").FullName;

    private string Files => Path.Combine(_root, "domains");
    private string JournalPath => Path.Combine(_root, "domains.journal");

    private JournaledDirectory Open(bool journalOnly = false) => new(Files, JournalPath, journalOnly);

    [Fact]
    public async Task ItsOwnReadersSeeAChangeAtOnceThoughItsFileIsWrittenBehind()
    {
        using var directory = Open(journalOnly: true); // the file is never written: what readers see comes from memory
        await directory.WriteAsync("a.xml", "<a/>", CancellationToken.None);
        Assert.True(directory.TryGetPending("a.xml", out string? contents));
        Assert.Equal("<a/>", contents);
        Assert.Equal(["a.xml"], directory.PendingNames());
        Assert.Equal(["a.xml"], directory.TakeChanges());
        Assert.Empty(directory.TakeChanges());

        await directory.DeleteAsync("a.xml", CancellationToken.None);
        Assert.True(directory.TryGetPending("a.xml", out contents));
        Assert.Null(contents);
        Assert.False(File.Exists(Path.Combine(Files, "a.xml")));
    }

    [Fact]
    public async Task AnotherProcessFindsEveryFileWrittenOnceItHoldsTheJournal()
    {
        using var directory = Open();
        for (int i = 0; i < 50; i++)
        {
            await directory.WriteAsync($"d{i % 5}.xml", $"<d n='{i}'/>", CancellationToken.None);
            if (i % 7 == 0)
                await directory.DeleteAsync($"d{i % 5}.xml", CancellationToken.None);
        }
        // What another process does before it reads the directory: take the journal's lock (and no replay here).
        using (new WriteAheadLog(JournalPath).Lock())
        {
            for (int d = 0; d < 5; d++)
            {
                int last = Enumerable.Range(0, 50).Last(i => i % 5 == d);
                string path = Path.Combine(Files, $"d{d}.xml");
                if (last % 7 == 0)
                    Assert.False(File.Exists(path));
                else
                    Assert.Equal($"<d n='{last}'/>", await File.ReadAllTextAsync(path));
            }
        }
        Assert.False(directory.TryGetPending("d1.xml", out _)); // written, so no longer kept
    }

    [Fact]
    public async Task AProcessReadingOnFindsTheFilesOfAnotherOnceItAwaitsItsWriters()
    {
        using var reader = Open();
        reader.Recover(); // started reading before the other process's changes
        using var writer = Open();
        for (int i = 0; i < 20; i++)
            await writer.WriteAsync($"d{i}.xml", $"<d{i}/>", CancellationToken.None);
        reader.AwaitOtherWriters();
        for (int i = 0; i < 20; i++)
            Assert.Equal($"<d{i}/>", await File.ReadAllTextAsync(Path.Combine(Files, $"d{i}.xml")));
    }

    [Fact]
    public async Task ReplayWritesTheFilesOfRecordsWhoseWritesWereLost()
    {
        using (var crashed = Open(journalOnly: true))
        {
            await crashed.WriteAsync("a.xml", "<first/>", CancellationToken.None);
            await crashed.WriteAsync("b.xml", "<b/>", CancellationToken.None);
            await crashed.WriteAsync("a.xml", "<second/>", CancellationToken.None);
        }
        Assert.False(File.Exists(Path.Combine(Files, "a.xml"))); // the lost writes really are lost

        using var next = Open();
        next.Recover();
        Assert.Equal("<second/>", await File.ReadAllTextAsync(Path.Combine(Files, "a.xml")));
        Assert.Equal("<b/>", await File.ReadAllTextAsync(Path.Combine(Files, "b.xml")));
    }

    [Fact]
    public async Task ReplayDeletesTheFileOfATombstoneWhoseDeletionWasLost()
    {
        using (var first = Open())
            await first.WriteAsync("a.xml", "<a/>", CancellationToken.None);
        using (var crashed = Open(journalOnly: true))
            await crashed.DeleteAsync("a.xml", CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(Files, "a.xml")));

        using var next = Open();
        next.Recover();
        Assert.False(File.Exists(Path.Combine(Files, "a.xml")));
    }

    [Fact]
    public async Task ATornLastRecordIsIgnoredAndItsPlaceReused()
    {
        using (var crashed = Open(journalOnly: true))
        {
            await crashed.WriteAsync("a.xml", "<a/>", CancellationToken.None);
            await crashed.WriteAsync("b.xml", "<b>" + new string('x', 3000) + "</b>", CancellationToken.None);
        }
        // A crash in the middle of the last record's write: its second half never reached the disk.
        long recordB = RecordOffsets()[^1];
        using (var journal = File.OpenHandle(JournalPath, FileMode.Open, FileAccess.Write))
            RandomAccess.Write(journal, new byte[1500], recordB + 1500);

        using (var next = Open())
        {
            next.Recover();
            Assert.Equal("<a/>", await File.ReadAllTextAsync(Path.Combine(Files, "a.xml")));
            Assert.False(File.Exists(Path.Combine(Files, "b.xml")));
        }
        using (var writer = Open(journalOnly: true))
        {
            await writer.WriteAsync("c.xml", "<c/>", CancellationToken.None);
            Assert.Equal(recordB, RecordOffsets()[^1]); // the torn record's place
        }
        using var after = Open();
        after.Recover();
        Assert.Equal("<c/>", await File.ReadAllTextAsync(Path.Combine(Files, "c.xml")));
    }

    [Fact]
    public async Task ACheckpointLeavesTheJournalEmpty()
    {
        using (var directory = Open())
        {
            await directory.WriteAsync("a.xml", "<a/>", CancellationToken.None);
            await directory.DeleteAsync("a.xml", CancellationToken.None);
            await directory.WriteAsync("b.xml", "<b/>", CancellationToken.None);
            Assert.Equal(3, RecordOffsets().Count);
            directory.Checkpoint();
            Assert.Empty(RecordOffsets());
        }
        Assert.Equal("<b/>", await File.ReadAllTextAsync(Path.Combine(Files, "b.xml")));
        Assert.False(File.Exists(Path.Combine(Files, "a.xml")));
    }

    [Fact]
    public async Task DisposingAfterWritingCheckpoints()
    {
        using (var directory = Open())
            await directory.WriteAsync("a.xml", "<a/>", CancellationToken.None);
        Assert.Empty(RecordOffsets());
    }

    [Fact]
    public async Task AFullJournalIsCheckpointedBeforeTheNextRecord()
    {
        using var directory = Open();
        string big = new('x', 100_000);
        for (int i = 0; i < 15; i++) // 1.5 MB in all, past the journal's 1 MiB
            await directory.WriteAsync($"d{i}.xml", big + i, CancellationToken.None);
        Assert.InRange(RecordOffsets().Count, 1, 10);
        AwaitWritesBehind(); // the records after the checkpoint are still in the journal, their files behind
        for (int i = 0; i < 15; i++)
            Assert.Equal(big + i, await File.ReadAllTextAsync(Path.Combine(Files, $"d{i}.xml")));
    }

    [Fact]
    public async Task AnotherProcessGetsTheJournalDuringALongBurstOfChanges()
    {
        using var directory = Open();
        using var burstOver = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var underWay = new TaskCompletionSource();
        // Changes a millisecond apart, as a daemon's clients make them: always some behind while the writer gathers.
        var burst = Task.Run(async () =>
        {
            for (int i = 0; !burstOver.IsCancellationRequested; i++)
            {
                await directory.WriteAsync($"d{i % 50}.xml", $"<d n='{i}'/>", CancellationToken.None);
                if (i == 20)
                    underWay.SetResult();
                await Task.Delay(1, CancellationToken.None);
            }
        });
        await underWay.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Another process taking the journal's lock to read (on a thread of its own: the wait blocks): it gets in while
        // the burst goes on.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        bool duringTheBurst = await Task.Factory.StartNew(() =>
        {
            using (new WriteAheadLog(JournalPath).Lock())
                return !burst.IsCompleted;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        waited.Stop();
        await burstOver.CancelAsync();
        await burst;
        Assert.True(duringTheBurst);
        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task InstancesSharingTheDirectoryWriteAtOnceWithoutLosingARecord()
    {
        // Two instances have two journal handles and two locks, as two processes do.
        var one = Open(journalOnly: true);
        var two = Open(journalOnly: true);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).WriteAsync($"d{i}.xml", $"<d{i}/>", CancellationToken.None))));
        one.Dispose();
        two.Dispose();
        Assert.Equal(40, RecordOffsets().Count);

        using var next = Open();
        next.Recover();
        for (int i = 0; i < 40; i++)
            Assert.Equal($"<d{i}/>", await File.ReadAllTextAsync(Path.Combine(Files, $"d{i}.xml")));
    }

    [Fact]
    public async Task AFileItsWriterPutInPlaceIsKnownWithoutReadingItBackUntilSomeoneElseChangesIt()
    {
        Directory.CreateDirectory(Files);
        using var changes = new DirectoryChanges(Files);
        Assert.Null(changes.Drain()[0]);
        using var directory = Open();
        using var other = Open(); // another process

        // What a reader that drained the changes knows of a name without reading its file.
        string? Known(ChangedNames changed, string name) =>
            directory.TryGetKnown(name, changed.RenamedFrom.GetValueOrDefault(name), out string? contents) ? contents : "(read the file)";

        await directory.WriteAsync("a.xml", "<a/>", CancellationToken.None);
        AwaitWritesBehind();
        Assert.Equal("<a/>", Known(changes.Drain()[0]!, "a.xml"));

        await directory.WriteAsync("a.xml", "<a v='2'/>", CancellationToken.None);
        AwaitWritesBehind();
        await other.WriteAsync("a.xml", "<a v='3'/>", CancellationToken.None); // the last change: not this instance's
        AwaitWritesBehind();
        Assert.Equal("(read the file)", Known(changes.Drain()[0]!, "a.xml"));

        await directory.WriteAsync("b.xml", "<b/>", CancellationToken.None);
        AwaitWritesBehind();
        File.AppendAllText(Path.Combine(Files, "b.xml"), "<!-- edited by hand -->");
        Assert.Equal("(read the file)", Known(changes.Drain()[0]!, "b.xml"));

        // A look that saw only an older file of this instance's land, while a newer one landed since: not the old one.
        await directory.WriteAsync("c.xml", "<c v='1'/>", CancellationToken.None);
        AwaitWritesBehind();
        var olderLook = changes.Drain()[0]!;
        await directory.WriteAsync("c.xml", "<c v='2'/>", CancellationToken.None);
        AwaitWritesBehind();
        Assert.Equal("(read the file)", Known(olderLook, "c.xml"));
        Assert.Equal("<c v='2'/>", Known(changes.Drain()[0]!, "c.xml"));
    }

    /// <summary>Waits for every instance's writes behind, as another process does before reading: by taking the journal's lock.</summary>
    private void AwaitWritesBehind()
    {
        using (new WriteAheadLog(JournalPath).Lock())
        {
        }
    }

    [Fact]
    public async Task ANameWithASlashIsRefused()
    {
        using var directory = Open();
        await Assert.ThrowsAsync<ArgumentException>(() => directory.WriteAsync("../a.xml", "<a/>", CancellationToken.None));
    }

    /// <summary>Where each record of the journal's current generation starts, read the way a replay reads them.</summary>
    private List<long> RecordOffsets()
    {
        var log = new WriteAheadLog(JournalPath);
        List<JournalRecord> records;
        using (log.Lock())
            records = log.ReadAll();
        var offsets = new List<long>();
        long at = JournalRecord.HeaderSize;
        foreach (var record in records)
        {
            offsets.Add(at);
            at += record.Encode().Length;
        }
        return offsets;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
