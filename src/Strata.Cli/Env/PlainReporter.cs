using Strata.Environments.Machines;

namespace Strata.Cli.Env;

/// <summary>
/// Progress as plain lines, for output that is not a terminal (logs, CI, tests) and for short verbs: Vagrant's
/// layout, <c>==> web: …</c> for steps and <c>    web: …</c> for what a provisioner prints.
/// </summary>
internal sealed class PlainReporter(TextWriter output) : IEnvironmentReporter
{
    private readonly Lock _writing = new();

    public void Step(string machine, MachineStep step, string detail) => Line($"==> {machine}: {StepWords.Of(step)}: {detail}");

    public void Message(string machine, string text) => Line($"==> {machine}: {text}");

    public void Output(string machine, string line) => Line($"    {machine}: {line}");

    public void Finished(string machine, string summary) => Line($"==> {machine}: {summary}");

    public void Failed(string machine, string error) => Line($"==> {machine}: failed: {error}");

    private void Line(string text)
    {
        lock (_writing)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}

/// <summary>How progress names each step.</summary>
internal static class StepWords
{
    public static string Of(MachineStep step) => step switch
    {
        MachineStep.Box => "box",
        MachineStep.Disk => "disk",
        MachineStep.Boot => "boot",
        MachineStep.Ssh => "waiting for ssh",
        MachineStep.Sync => "sync",
        MachineStep.Provision => "provision",
        MachineStep.Halt => "halt",
        _ => step.ToString().ToLowerInvariant(),
    };
}
