namespace Strata.Storage;

/// <summary>Reads small text files that may not exist.</summary>
internal static class TextFile
{
    /// <summary>
    /// The file's text (UTF-8), or null when there is no such file. A missing file is the common case (a new domain
    /// has no status file yet), so it is an answer, not a thrown and caught exception (tens of microseconds each).
    /// </summary>
    public static string? ReadOrNull(string path)
    {
        if (Posix.ReadAllBytesOrNull(path) is not { } bytes)
            return null;
        ReadOnlySpan<byte> text = bytes;
        return System.Text.Encoding.UTF8.GetString(text.StartsWith(ByteOrderMark) ? text[ByteOrderMark.Length..] : text);
    }

    // A file someone saved from an editor may start with one; File.ReadAllText skipped it too.
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];
}
