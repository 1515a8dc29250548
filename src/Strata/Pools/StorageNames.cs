using System.Text;

namespace Strata.Pools;

/// <summary>The rules pool and volume names follow: each becomes a file name, so no '/', no '.' or '..', not empty.</summary>
public static class StorageNames
{
    /// <summary>The longest name in UTF-8 bytes (file names stop at 255, and pool files add a suffix).</summary>
    public const int MaxUtf8Bytes = 240;

    /// <summary>Throws when <paramref name="name"/> cannot name a pool.</summary>
    public static void ValidatePool(string? name)
    {
        if (Problem(name) is { } problem)
            throw new InvalidDefinitionException($"XML error: pool name {problem}");
    }

    /// <summary>Throws when <paramref name="name"/> cannot name a volume.</summary>
    public static void ValidateVolume(string? name)
    {
        if (Problem(name) is { } problem)
            throw new OperationInvalidException($"volume name {problem}");
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    private static string? Problem(string? name) => name switch
    {
        null or "" => "must not be empty",
        _ when name.Contains('/', StringComparison.Ordinal) => $"'{name}' cannot contain '/'",
        "." or ".." => $"'{name}' is not allowed",
        _ when name.Any(char.IsControl) => $"'{name}' cannot contain control characters",
        _ when Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes => $"'{name}' is longer than {MaxUtf8Bytes} bytes",
        _ => null,
    };
}
