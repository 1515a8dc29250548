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

    private readonly System.Text.StringBuilder _log = new();
    private readonly IReadOnlyList<string> _arguments;
    private Process _daemon = null!;

    private DaemonScope(QemuScope scope, string socket, IReadOnlyList<string> arguments)
    {
        Scope = scope;
        Socket = socket;
        _arguments = arguments;
    }

    public QemuScope Scope { get; }
    public string Socket { get; }

    /// <summary>The running stratad's process id.</summary>
    public int Pid => _daemon.Id;

    /// <summary>How many file descriptors stratad has open right now.</summary>
    public int OpenFileDescriptors => Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length;

    /// <summary>The URI virsh uses for this daemon's session driver.</summary>
    public string SessionUri => $"qemu+unix:///session?socket={Socket}";

    public string ReadOnlyUri => $"qemu+unix:///session?socket={Socket}-ro";

    /// <summary>What the daemon (every run of it in this scope) has logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>
    /// Starts stratad on a private socket, or (<paramref name="onDefaultSocket"/>) on the default session socket of
    /// the scope's private XDG dirs, where a plain qemu:///session client looks for it.
    /// </summary>
    public static async Task<DaemonScope> StartAsync(bool onDefaultSocket = false, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        await Built.Value;
        var scope = QemuScope.Create();
        string socket = onDefaultSocket ? Path.Combine(scope.Environment["XDG_RUNTIME_DIR"], "strata", "strata-sock") : scope.File("stratad.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        var result = new DaemonScope(scope, socket, arguments ?? []);
        await result.LaunchAsync(environment);
        return result;
    }

    /// <summary>Kills stratad with SIGKILL, as a crash would end it (nothing of its shutdown runs).</summary>
    public async Task KillAsync()
    {
        _daemon.Kill();
        await _daemon.WaitForExitAsync();
    }

    /// <summary>Freezes stratad (SIGSTOP): it holds its sockets but answers nothing, as a hung daemon.</summary>
    public async Task PauseAsync()
    {
        await Expect.SuccessAsync(SignalAsync("-STOP"));
        // The signal stops one thread first, which then stops the others: until it has run, another thread may still
        // answer a call. Stopped means every thread says so.
        string tasks = $"/proc/{_daemon.Id}/task";
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Directory.EnumerateDirectories(tasks).All(task => ThreadState(task) is 'T' or null))
            await Task.Delay(5, limit.Token);
    }

    /// <summary>The state letter in a thread's stat (after the command name, which may hold spaces), or null if it is gone.</summary>
    private static char? ThreadState(string task)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(task, "stat"));
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Lets a paused stratad run again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private Task<ProcessResult> SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", [signal, _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Starts a new stratad on the same state after <see cref="KillAsync"/>, with extra variables if given.</summary>
    public async Task StartAgainAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        await StopAsync();
        await LaunchAsync(environment);
    }

    /// <summary>Stops stratad (as an administrator would: SIGTERM) and starts a new one on the same state.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    private async Task LaunchAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, ".build", "stratad", "stratad"), ["--socket", Socket, "--session", .. _arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Scope.Environment.Concat(environment ?? new Dictionary<string, string>()))
            start.Environment[key] = value;
        File.Delete(Socket + "-ro");
        _daemon = Process.Start(start)!;
        _daemon.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
                _log.AppendLine(e.Data);
        };
        _daemon.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!File.Exists(Socket + "-ro"))
        {
            if (_daemon.HasExited)
                throw new InvalidOperationException("stratad exited at start: " + Log);
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task StopAsync()
    {
        if (!_daemon.HasExited)
        {
            await ResumeAsync(); // a paused daemon would not act on SIGTERM
            await ProcessRunner.RunAsync("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _daemon.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _daemon.Kill();
                await _daemon.WaitForExitAsync();
            }
        }
        _daemon.Dispose();
    }

    /// <summary>Runs the real virsh against this daemon.</summary>
    public Task<ProcessResult> VirshAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("virsh", ["-c", SessionUri, .. arguments], Scope.Environment, TimeSpan.FromMinutes(2));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Scope.DisposeAsync();
    }
}
