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

    [Fact]
    public void ANameWhoseLastChangeWasARenameIsReportedWithTheNameItsFileHadBefore()
    {
        string watched = Directory.CreateTempSubdirectory("strata-changes-").FullName;
        try
        {
            using var changes = new DirectoryChanges(watched);
            Assert.Null(changes.Drain()[0]);        // first look

            File.WriteAllText(Path.Combine(watched, ".tmp-1"), "one");
            File.Move(Path.Combine(watched, ".tmp-1"), Path.Combine(watched, "a.xml"));
            File.WriteAllText(Path.Combine(watched, ".tmp-2"), "two");
            File.Move(Path.Combine(watched, ".tmp-2"), Path.Combine(watched, "b.xml"));
            File.AppendAllText(Path.Combine(watched, "b.xml"), " and more"); // after its rename: b's last change
            var changed = changes.Drain()[0]!;
            Assert.Equal([".tmp-1", ".tmp-2", "a.xml", "b.xml"], changed.Order(StringComparer.Ordinal));
            Assert.Equal(new Dictionary<string, string> { ["a.xml"] = ".tmp-1" }, changed.RenamedFrom);

            File.Move(Path.Combine(watched, "a.xml"), Path.Combine(watched, "c.xml"));
            changed = changes.Drain()[0]!;
            Assert.Equal(["a.xml", "c.xml"], changed.Order(StringComparer.Ordinal));
            Assert.Equal(new Dictionary<string, string> { ["c.xml"] = "a.xml" }, changed.RenamedFrom);
        }
        finally
        {
            Directory.Delete(watched, recursive: true);
        }
    }
}
