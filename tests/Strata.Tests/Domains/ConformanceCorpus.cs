namespace Strata.Tests.Domains;

/// <summary>Finds the libvirt conformance corpus: the copy in the repository and, when present, a sibling shared copy.</summary>
internal static class ConformanceCorpus
{
    private static string RepositoryRoot => Support.RepoRoot.Path;

    /// <summary>Every corpus folder that exists: the in-repository copy first, then <c>../shared/conformance/libvirt-domains</c>.</summary>
    public static IReadOnlyList<string> Roots { get; } =
        new[]
        {
            Path.Combine(RepositoryRoot, "tests", "conformance", "libvirt-domains"),
            Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "libvirt-domains")),
        }.Where(Directory.Exists).ToList();

    /// <summary>The files of one category (<c>supported</c> or <c>unsupported</c>), as (root label, path), deduplicated by file name and content.</summary>
    public static IEnumerable<object[]> Files(string category)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string root in Roots)
        {
            string folder = Path.Combine(root, category);
            if (!Directory.Exists(folder))
            {
                continue;
            }
            foreach (string file in Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal))
            {
                string key = Path.GetFileName(file) + "\n" + File.ReadAllText(file);
                if (seen.Add(key))
                {
                    yield return [Path.GetRelativePath(Path.GetDirectoryName(root)!, file)];
                }
            }
        }
    }

    /// <summary>Resolves a path returned by <see cref="Files"/>.</summary>
    public static string Resolve(string relative) =>
        Roots.Select(root => Path.Combine(Path.GetDirectoryName(root)!, relative)).First(File.Exists);

    /// <summary>The <c>out_of_subset</c> column of the MANIFEST.tsv next to the file, by file name.</summary>
    public static string OutOfSubset(string path)
    {
        string manifest = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, "MANIFEST.tsv");
        string name = Path.GetFileName(path);
        foreach (string line in File.ReadLines(manifest))
        {
            string[] columns = line.Split('\t');
            if (columns[0] == name)
            {
                return columns.Length > 4 ? columns[4] : "";
            }
        }
        return "";
    }
}
