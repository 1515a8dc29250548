using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Strata.Environments.Boxes;
using Strata.Environments.Files;
using Strata.Environments.State;
using Strata.Storage;

namespace Strata.Environments.Machines;

/// <summary>
/// An environment: a project folder with its <c>strata.yaml</c>, its <c>.strata/</c> state, and the connection its
/// machines' domains live on. Each verb runs for the chosen machines in parallel; a machine that fails is reported
/// and the others go on. Verbs that change machines hold the project's lock, so two commands never race on one
/// environment.
/// </summary>
public sealed partial class Project : IAsyncDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    private readonly string? _uri;
    private readonly ConcurrentDictionary<string, Lazy<Task<Box>>> _boxes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private Connection? _connection;

    private Project(string directory, EnvironmentFile file, string? uri, BoxStore boxes, EnvironmentIndex index)
    {
        Directory = directory;
        File = file;
        Boxes = boxes;
        Index = index;
        State = new ProjectState(directory);
        _uri = uri;
        var machines = file.Machines.Select(m => new Machine(this, m.Name, m)).ToList();
        // Machines removed from the file keep their domains until destroyed: they stay visible.
        machines.AddRange(State.KnownMachines().Where(n => file.Find(n) is null).Select(n => new Machine(this, n, null)));
        Machines = machines;
    }

    /// <summary>Opens the environment of a parsed <c>strata.yaml</c> (the project folder is the file's).</summary>
    /// <param name="uri">The connection URI; null for the one recorded at the first <c>up</c>, else the default.</param>
    public static Project Open(EnvironmentFile file, string? uri, BoxStore boxes, EnvironmentIndex index)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new Project(Path.GetDirectoryName(file.Path)!, file, uri, boxes, index);
    }

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project folder's name: the first half of every domain's name.</summary>
    public string Name => Path.GetFileName(Directory);

    public EnvironmentFile File { get; }

    public ProjectState State { get; }

    public BoxStore Boxes { get; }

    public EnvironmentIndex Index { get; }

    /// <summary>The machines of the file, in its order, then any removed from it that still exist.</summary>
    public IReadOnlyList<Machine> Machines { get; }

    /// <summary>The machines named, or all of them when none is.</summary>
    public IReadOnlyList<Machine> Select(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
            return Machines;
        return [.. names.Distinct().Select(name => Machines.FirstOrDefault(m => m.Name == name)
            ?? throw new EnvironmentException($"no machine '{name}' in {EnvironmentFile.FileName} (machines: {string.Join(", ", Machines.Select(m => m.Name))})"))];
    }

    /// <summary>The one machine a command means when none is named: the only one, or the one marked <c>primary</c>.</summary>
    public Machine Single(string? name, string verb)
    {
        if (name is not null)
            return Select([name])[0];
        var inFile = Machines.Where(m => m.Config is not null).ToList();
        return inFile.Count == 1 ? inFile[0]
            : inFile.FirstOrDefault(m => m.Config!.Primary)
            ?? throw new EnvironmentException($"this environment has {inFile.Count} machines: name one ('strata env {verb} {inFile[0].Name}'), or mark one 'primary: true'");
    }

    /// <summary>The driver the machines' domains live on, connected on first use.</summary>
    internal async Task<IDriver> DriverAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } open)
            return open.Driver;
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await Connection.OpenAsync(_uri ?? State.ReadUri(), cancellationToken).ConfigureAwait(false);
            return _connection.Driver;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>The box <paramref name="name"/>, fetched (or built) once however many machines ask at the same time.</summary>
    internal async Task<Box> GetBoxAsync(string name, string machine, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var fetch = _boxes.GetOrAdd(name, n => new Lazy<Task<Box>>(() =>
            Boxes.GetAsync(n, new LineProgress(line => reporter.Output(machine, line)), cancellationToken)));
        return await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The domain name of a new machine: <c>folder_machine</c>, or <c>folder_machine_ID</c> (the project's short
    /// id) when another environment's domain already has that name.
    /// </summary>
    internal async Task<string> ChooseDomainNameAsync(string machine, CancellationToken cancellationToken)
    {
        var driver = await DriverAsync(cancellationToken).ConfigureAwait(false);
        string plain = $"{UnsafeNameCharacters().Replace(Name, "-")}_{machine}";
        foreach (string candidate in new[] { plain, $"{plain}_{State.ShortId}" })
        {
            try
            {
                await driver.LookupByNameAsync(candidate, cancellationToken).ConfigureAwait(false);
            }
            catch (DomainNotFoundException)
            {
                return candidate;
            }
        }
        throw new EnvironmentException($"domains '{plain}' and '{plain}_{State.ShortId}' exist already and belong to no machine of this environment");
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeNameCharacters();

    /// <summary>Takes the project's lock: one changing command at a time per environment, across processes.</summary>
    private async Task<FileLock> LockAsync(CancellationToken cancellationToken) =>
        await FileLock.TryAcquireAsync(Path.Combine(State.Root, "lock"), LockTimeout, cancellationToken).ConfigureAwait(false)
        ?? throw new EnvironmentException($"another 'strata env' command is working on {Directory}: wait for it to finish");

    /// <summary>Runs <paramref name="action"/> for every machine at once; failures are reported per machine, then summed up.</summary>
    private static async Task RunEachAsync(IReadOnlyList<Machine> machines, Func<Machine, Task> action, IEnvironmentReporter reporter, CancellationToken cancellationToken)
    {
        var failed = new ConcurrentQueue<string>();
        await Task.WhenAll(machines.Select(async machine =>
        {
            try
            {
                await action(machine).ConfigureAwait(false);
            }
            catch (Exception error) when (error is StrataException or IOException or UnauthorizedAccessException)
            {
                reporter.Failed(machine.Name, error.Message);
                failed.Enqueue(machine.Name);
            }
        })).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!failed.IsEmpty)
        {
            var names = machines.Select(m => m.Name).Where(failed.Contains).ToList();
            throw new EnvironmentException(names.Count == 1 ? $"machine '{names[0]}' failed" : $"machines {string.Join(", ", names.Select(n => $"'{n}'"))} failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _connecting.Dispose();
    }
}
