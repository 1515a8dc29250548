using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;
using Strata.Environments.Machines;

namespace Strata.Cli.Env;

/// <summary>
/// Progress on a terminal: a live table with one row per machine (its step, what on, elapsed time), redrawn ten
/// times a second, with provisioner output and messages printed above it as <c>web: …</c> lines.
/// </summary>
internal sealed class LiveReporter : IEnvironmentReporter
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public LiveReporter(IEnumerable<string> machines) =>
        _rows = machines.ToDictionary(m => m, _ => new Row(), StringComparer.Ordinal);

    /// <summary>Whether stdout is a terminal that can redraw (else <see cref="PlainReporter"/>).</summary>
    public static bool Usable => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with the table live until it ends; the last frame stays on screen.</summary>
    public async Task RunAsync(Func<Task> work)
    {
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            var running = work();
            while (!running.IsCompleted)
            {
                lock (_gate)
                    context.UpdateTarget(Render());
                await Task.WhenAny(running, Task.Delay(RedrawInterval)).ConfigureAwait(false);
            }
            lock (_gate)
                context.UpdateTarget(Render());
            await running.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public void Step(string machine, MachineStep step, string detail) => Update(machine, row =>
    {
        row.Step = StepWords.Of(step);
        row.Detail = detail;
        row.StepStarted = _clock.Elapsed;
        // A verb of several parts (reload: halt, then up) goes on after the first part ended.
        row.Ended = null;
        row.Failed = false;
    });

    public void Message(string machine, string text) => Print(machine, text, "bold");

    public void Output(string machine, string line) => Print(machine, line, "dim");

    public void Finished(string machine, string summary) => Update(machine, row =>
    {
        row.Step = "done";
        row.Detail = summary;
        row.Ended = _clock.Elapsed;
    });

    public void Failed(string machine, string error)
    {
        Update(machine, row =>
        {
            row.Step = "failed";
            row.Detail = error;
            row.Ended = _clock.Elapsed;
            row.Failed = true;
        });
        Print(machine, "failed: " + error, "red");
    }

    private void Update(string machine, Action<Row> change)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(machine, out var row))
                _rows[machine] = row = new Row();
            change(row);
        }
    }

    // Spectre prints a renderable written during a live display above the live area.
    private void Print(string machine, string text, string style)
    {
        lock (_gate)
            AnsiConsole.Write(new Text($"{machine}: {text}\n", Style.Parse(style)));
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("MACHINE", "STEP", "", "TIME");
        var now = _clock.Elapsed;
        foreach (var (machine, row) in _rows)
        {
            string color = row.Failed ? "red" : row.Ended is null ? "yellow" : "green";
            var total = (row.Ended ?? now).TotalSeconds;
            string step = row.Ended is null && row.StepStarted is { } started ? $"{row.Step} {(now - started).TotalSeconds:0.0}s" : row.Step;
            table.AddRow(new IRenderable[]
            {
                new Text(machine, Style.Parse("bold")),
                new Text(step, Style.Parse(color)),
                new Text(row.Detail),
                new Text($"{total:0.0} s"),
            });
        }
        return table;
    }

    private sealed class Row
    {
        public string Step = "waiting";
        public string Detail = "";
        public TimeSpan? StepStarted;
        public TimeSpan? Ended;
        public bool Failed;
    }
}
