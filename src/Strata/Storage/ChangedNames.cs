namespace Strata.Storage;

/// <summary>
/// The names that changed in one directory since the last look (<see cref="DirectoryChanges"/>), and for each name
/// whose last change was a rename, the name its file had before.
/// </summary>
public sealed class ChangedNames : HashSet<string>
{
    private readonly Dictionary<string, string> _renamedFrom = new(StringComparer.Ordinal);

    public ChangedNames()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>
    /// Each name whose last change was a rename onto it, with the name the file had before. A process that renamed
    /// a temp file of its own onto the name knows what the file holds without reading it: any later change to the
    /// name would have been the last one.
    /// </summary>
    public IReadOnlyDictionary<string, string> RenamedFrom => _renamedFrom;

    /// <summary>Notes a change of <paramref name="name"/>: a rename from <paramref name="renamedFrom"/>, or (null) any other.</summary>
    internal void Note(string name, string? renamedFrom)
    {
        Add(name);
        if (renamedFrom is null)
            _renamedFrom.Remove(name);
        else
            _renamedFrom[name] = renamedFrom;
    }
}
