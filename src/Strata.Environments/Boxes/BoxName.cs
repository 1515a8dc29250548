namespace Strata.Environments.Boxes;

/// <summary>Checks a box's name: it becomes a folder of the store, so it must be one plain path component.</summary>
internal static class BoxName
{
    public const int MaxLength = 64;

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxLength)
            throw new BoxException($"box name '{name}' must be 1 to {MaxLength} characters long");
        if (name[0] is '.' or '-')
            throw new BoxException($"box name '{name}' must not start with '{name[0]}'");
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new BoxException($"box name '{name}' may only hold letters, digits, '.', '_' and '-' (not '{c}')");
        }
    }
}
