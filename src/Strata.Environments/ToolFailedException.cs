namespace Strata.Environments;

/// <summary>A system tool exited with an error or could not be started; the message quotes the tool and its complaint.</summary>
public sealed class ToolFailedException(string message) : EnvironmentException(message);
