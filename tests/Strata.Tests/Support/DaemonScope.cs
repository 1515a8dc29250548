using System.Diagnostics;

namespace Strata.Tests.Support;

/// <summary>
/// A real stratad (the AOT binary ./stratad runs) on a private socket, serving a private qemu:///session
/// (a <see cref="QemuScope"/>). Disposing stops the daemon by its pid, then the scope kills the guests.
/// </summary>
internal sealed class DaemonScope : IAsyncDisposable
{
    private static readonly Lazy<Task> Built = new(async () =>
    {
        var result = await ProcessRunner.RunAsync(Path.Combine(RepoRoot.Path, "stratad"), ["--version"], timeout: TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0)
            throw new InvalidOperationException("./stratad could not be built: " + result);
    });

    private readonly Process _daemon;

    private DaemonScope(QemuScope scope, Process daemon, string socket)
    {
        Scope = scope;
        _daemon = daemon;
        Socket = socket;
    }

    public QemuScope Scope { get; }
    public string Socket { get; }

    /// <summary>The URI virsh uses for this daemon's session driver.</summary>
    public string SessionUri => $"qemu+unix:///session?socket={Socket}";

    public string ReadOnlyUri => $"qemu+unix:///session?socket={Socket}-ro";

    /// <summary>What the daemon has logged so far.</summary>
    public string Log => _log.ToString();

    private readonly System.Text.StringBuilder _log = new();

    public static async Task<DaemonScope> StartAsync()
    {
        await Built.Value;
        var scope = QemuScope.Create();
        string socket = scope.File("stratad.sock");
        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, ".build", "stratad", "stratad"), ["--socket", socket, "--session"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in scope.Environment)
            start.Environment[key] = value;
        var daemon = Process.Start(start)!;
        var result = new DaemonScope(scope, daemon, socket);
        daemon.ErrorDataReceived += (_, e) =>
        {
            lock (result._log)
                result._log.AppendLine(e.Data);
        };
        daemon.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!File.Exists(socket + "-ro"))
        {
            if (daemon.HasExited)
                throw new InvalidOperationException("stratad exited at start: " + result.Log);
            await Task.Delay(20, timeout.Token);
        }
        return result;
    }

    /// <summary>Runs the real virsh against this daemon.</summary>
    public Task<ProcessResult> VirshAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("virsh", ["-c", SessionUri, .. arguments], Scope.Environment, TimeSpan.FromMinutes(2));

    public async ValueTask DisposeAsync()
    {
        if (!_daemon.HasExited)
        {
            _daemon.Kill();
            await _daemon.WaitForExitAsync();
        }
        _daemon.Dispose();
        await Scope.DisposeAsync();
    }
}
