using Strata.Drivers.Qemu;

namespace Strata.Tests.Support;

/// <summary>
/// A private qemu:///session for one test: its own state and run dirs under /tmp, a driver over them, and the
/// environment that points the strata CLI at them. Disposing kills every QEMU this scope's domains started (by the
/// pid in their status files, never by name) and deletes the dirs.
/// </summary>
internal sealed class QemuScope : IAsyncDisposable
{
    // Shared by every scope: the capability probe runs once per test run, not once per test.
    private static readonly string SharedCache = Path.Combine(Path.GetTempPath(), "strata-test-cache");

    private QemuScope(string root)
    {
        Root = root;
        Environment = new Dictionary<string, string>
        {
            ["XDG_DATA_HOME"] = Path.Combine(root, "data"),
            ["XDG_RUNTIME_DIR"] = Path.Combine(root, "run"),
            ["XDG_CACHE_HOME"] = SharedCache,
            ["STRATA_DEFAULT_URI"] = "qemu:///session",
        };
        Paths = new StatePaths(Path.Combine(root, "data", "strata", "qemu"), Path.Combine(root, "run", "strata", "qemu"), Path.Combine(SharedCache, "strata", "qemu"));
        Driver = new QemuDriver(ConnectionUri.Parse("qemu:///session"), Paths);
    }

    public string Root { get; }
    public StatePaths Paths { get; }
    public QemuDriver Driver { get; }

    /// <summary>Variables that make the strata CLI use this scope's session.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static QemuScope Create() =>
        new(Directory.CreateTempSubdirectory("strata-test-").FullName);

    /// <summary>Runs <c>./strata</c> (the AOT CLI) against this scope.</summary>
    public Task<ProcessResult> StrataAsync(params string[] arguments) => StrataCli.RunAsync(arguments, Environment);

    public string File(string name) => Path.Combine(Root, name);

    public async ValueTask DisposeAsync()
    {
        foreach (int pid in PidsStartedHere())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        await Driver.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>QEMU pids recorded in this scope's status files that are still alive and really ours.</summary>
    private IEnumerable<int> PidsStartedHere()
    {
        if (!Directory.Exists(Paths.RunDir))
            yield break;
        foreach (var file in Directory.EnumerateFiles(Paths.RunDir, "*.pid"))
        {
            if (Strata.Drivers.Qemu.QemuProcess.ReadPid(file) is not int pid)
                continue;
            string cmdline;
            try
            {
                cmdline = System.IO.File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                continue;
            }
            // Only a QEMU whose pidfile lives in this scope: pids can be reused.
            if (cmdline.Contains(Paths.RunDir, StringComparison.Ordinal))
                yield return pid;
        }
    }

    /// <summary>Waits until <paramref name="file"/> contains <paramref name="text"/>, watching the file for changes.</summary>
    public static async Task WaitForTextAsync(string file, string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file)) { EnableRaisingEvents = true };
        var changed = new SemaphoreSlim(0);
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        while (!(System.IO.File.Exists(file) && (await System.IO.File.ReadAllTextAsync(file, cts.Token)).Contains(text, StringComparison.Ordinal)))
        {
            // The watcher wakes us on writes; the short timeout covers an event lost between check and wait.
            await changed.WaitAsync(TimeSpan.FromMilliseconds(250), cts.Token);
        }
    }
}
