using Strata.Host;

namespace Strata.Tests.Host;

/// <summary>A temp directory laid out like a host's /proc, /sys and /dev, deleted on dispose.</summary>
internal sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        Directory = Path.Combine(Path.GetTempPath(), "strata-host-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Root = new HostRoot(Directory);
    }

    public string Directory { get; }
    public HostRoot Root { get; }

    public FakeHost File(string absolutePath, string text)
    {
        string path = Root.Resolve(absolutePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return this;
    }

    public FakeHost Dir(string absolutePath)
    {
        System.IO.Directory.CreateDirectory(Root.Resolve(absolutePath));
        return this;
    }

    public static string CpuInfo(string flags, string mhz = "2299.998", int processors = 1)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < processors; i++)
        {
            text.Append($"processor\t: {i}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n");
            text.Append($"cpu MHz\t\t: {mhz}\nflags\t\t: fpu vme de pse tsc msr {flags} lm constant_tsc\n\n");
        }
        return text.ToString();
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
