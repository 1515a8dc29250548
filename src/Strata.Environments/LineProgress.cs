namespace Strata.Environments;

/// <summary>An <see cref="IProgress{T}"/> that passes each line on at once, on the caller's thread (<see cref="Progress{T}"/> posts it later, out of order).</summary>
public sealed class LineProgress(Action<string> onLine) : IProgress<string>
{
    public void Report(string value) => onLine(value);
}
