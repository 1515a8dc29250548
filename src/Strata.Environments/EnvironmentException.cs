namespace Strata.Environments;

/// <summary>Something an environment command cannot do; the message is what the user reads after <c>error: </c>.</summary>
public class EnvironmentException(string message, Exception? inner = null) : StrataException(ErrorCode.OperationFailed, message, inner);
