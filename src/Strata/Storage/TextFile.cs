namespace Strata.Storage;

/// <summary>Reads small text files that may not exist.</summary>
internal static class TextFile
{
    /// <summary>
    /// The file's text, or null when there is no such file. A missing file is the common case (a new domain has no
    /// status file yet), so it is looked for first: a thrown and caught exception costs tens of microseconds.
    /// </summary>
    public static string? ReadOrNull(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // deleted in between
        }
    }
}
