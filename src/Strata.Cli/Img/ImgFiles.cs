namespace Strata.Cli.Img;

/// <summary>Writes a new image beside its final name and renames it into place: a failed create or convert leaves the old file (or none) untouched.</summary>
internal static class ImgFiles
{
    public static async Task ReplaceAsync(string file, Func<string, Task> write)
    {
        string full = Path.GetFullPath(file);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Could not create '{file}'");
        if (Directory.Exists(full))
            throw new IOException($"Could not create '{file}': Is a directory");
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.strata-{Guid.NewGuid():N}");
        try
        {
            await write(temporary).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
