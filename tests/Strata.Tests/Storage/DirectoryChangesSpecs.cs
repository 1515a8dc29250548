using Strata.Storage;

namespace Strata.Tests.Storage;

/// <summary>What <see cref="DirectoryChanges"/> reports for a directory that is missing, appears and changes.</summary>
public sealed class DirectoryChangesSpecs
{
    [Fact]
    public void AMissingDirectoryIsNewsOnceThenNothingUntilItAppears()
    {
        string root = Directory.CreateTempSubdirectory("strata-changes-").FullName;
        try
        {
            string watched = Path.Combine(root, "autostart");
            using var changes = new DirectoryChanges(watched);

            Assert.Null(changes.Drain()[0]);        // first look: anything may be there
            Assert.Empty(changes.Drain()[0]!);      // still missing: nothing could have changed

            Directory.CreateDirectory(watched);
            File.WriteAllText(Path.Combine(watched, "web"), "");
            Assert.Null(changes.Drain()[0]);        // appeared: its whole content is news
            Assert.Empty(changes.Drain()[0]!);

            File.WriteAllText(Path.Combine(watched, "db"), "");
            Assert.Equal(["db"], changes.Drain()[0]!);

            Directory.Delete(watched, recursive: true);
            Assert.Null(changes.Drain()[0]);        // gone: reread
            Assert.Null(changes.Drain()[0]);        // the look that finds it missing after it was watched
            Assert.Empty(changes.Drain()[0]!);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
