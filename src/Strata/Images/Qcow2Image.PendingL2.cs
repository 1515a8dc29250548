namespace Strata.Images;

/// <summary>
/// L2 entries that writes changed in tables already on disk, kept in memory until something needs them on disk.
/// Such a write then costs no flush at all: its data and refcounts go to the file at once, and the entries that
/// point at them follow only after a flush has made those durable (at the next flush, close, cache trim or
/// metadata operation). A crash before that loses the unflushed writes and leaves their clusters leaked, never
/// an entry pointing at a cluster whose count or data is missing. This is how QEMU's own L2 cache orders them.
/// </summary>
internal sealed partial class Qcow2Image
{
    private readonly Dictionary<long, (ulong[] Table, int First, int Last)> _pendingL2 = [];

    private void DeferL2(long tableOffset, ulong[] table, int first, int last) =>
        _pendingL2[tableOffset] = _pendingL2.TryGetValue(tableOffset, out var pending)
            ? (table, Math.Min(pending.First, first), Math.Max(pending.Last, last))
            : (table, first, last);

    /// <summary>Writes the deferred entries after a flush of what they point at; <paramref name="dataIsDurable"/> when the caller just flushed.</summary>
    private void WritePendingL2(bool dataIsDurable = false)
    {
        if (_pendingL2.Count == 0)
            return;
        if (!dataIsDurable && WriteBarriers)
            ImageIo.FlushToDisk(_handle);
        foreach (var (tableOffset, (table, first, last)) in _pendingL2)
            RandomAccess.Write(_handle, TableBytes(table, first, last - first + 1), tableOffset + (first * 8L));
        _pendingL2.Clear();
    }
}
