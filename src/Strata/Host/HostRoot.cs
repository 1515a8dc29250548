namespace Strata.Host;

/// <summary>
/// Where host facts are read from: "/" on a real host, a directory holding fake <c>proc/</c>, <c>sys/</c> and
/// <c>dev/</c> trees in tests.
/// </summary>
public sealed record HostRoot(string Path)
{
    /// <summary>The real host.</summary>
    public static HostRoot Default { get; } = new("/");

    /// <summary>An absolute host path (e.g. "/proc/cpuinfo") under this root.</summary>
    public string Resolve(string absolutePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        return Path == "/" ? absolutePath : System.IO.Path.Join(Path, absolutePath.TrimStart('/'));
    }

    /// <summary>The whole text of a small file, or null when it is missing or unreadable.</summary>
    public string? ReadText(string absolutePath)
    {
        try { return File.ReadAllText(Resolve(absolutePath)); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException) { return null; }
    }

    public bool Exists(string absolutePath)
    {
        string path = Resolve(absolutePath);
        return File.Exists(path) || Directory.Exists(path);
    }
}
