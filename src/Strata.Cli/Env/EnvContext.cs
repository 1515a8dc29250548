using Strata.Environments;
using Strata.Environments.Boxes;
using Strata.Environments.Files;
using Strata.Environments.Machines;
using Strata.Environments.State;

namespace Strata.Cli.Env;

/// <summary>What one <c>strata env</c> verb runs with: its arguments, the connection URI, Ctrl+C, and the project found from the current folder.</summary>
internal sealed class EnvContext(string[] args, string? uri, CancellationToken cancellation) : IAsyncDisposable
{
    private Project? _project;
    private BoxStore? _boxes;

    /// <summary>The words after the verb.</summary>
    public string[] Args { get; } = args;

    public string? Uri { get; } = uri;

    public CancellationToken Cancellation { get; } = cancellation;

    public TextWriter Out { get; } = Console.Out;

    /// <summary>The user's box store (or the one $STRATA_BOX_STORE names); the environment index lives beside it.</summary>
    public BoxStore Boxes => _boxes ??= BoxStore.ForCurrentUser();

    public EnvironmentIndex Index => EnvironmentIndex.Beside(Boxes);

    /// <summary>The environment of the current folder or its nearest parent with a <c>strata.yaml</c>.</summary>
    public Project Project()
    {
        if (_project is not null)
            return _project;
        string directory = EnvironmentFileReader.FindProjectDirectory(Directory.GetCurrentDirectory())
            ?? throw new EnvironmentException($"no {EnvironmentFile.FileName} in this folder or any parent: 'strata env init' writes one");
        // The file first: a bad file is reported before anything else is looked at.
        var file = EnvironmentFileReader.Load(directory);
        return _project = Strata.Environments.Machines.Project.Open(file, Uri, Boxes, Index);
    }

    /// <summary>Runs a verb's work with live progress on a terminal, plain lines otherwise.</summary>
    public async Task ReportAsync(IEnumerable<Machine> machines, bool live, Func<IEnvironmentReporter, Task> work)
    {
        if (live && LiveReporter.Usable)
        {
            var reporter = new LiveReporter(machines.Select(m => m.Name));
            await reporter.RunAsync(() => work(reporter)).ConfigureAwait(false);
        }
        else
        {
            await work(new PlainReporter(Out)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_project is not null)
            await _project.DisposeAsync().ConfigureAwait(false);
    }
}
