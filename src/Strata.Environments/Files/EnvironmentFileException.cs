namespace Strata.Environments.Files;

/// <summary>A <c>strata.yaml</c> that cannot be used; the message names the file, line and column (<c>strata.yaml:4:7: …</c>).</summary>
public sealed class EnvironmentFileException(string file, int line, int column, string problem)
    : StrataException(ErrorCode.ConfigUnsupported, $"{file}:{line}:{column}: {problem}")
{
    /// <summary>The line of the problem, from 1.</summary>
    public int Line { get; } = line;

    /// <summary>The column of the problem, from 1.</summary>
    public int Column { get; } = column;

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = problem;
}
