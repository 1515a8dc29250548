namespace Strata.Domains;

/// <summary>The <c>&lt;input type='…'&gt;</c> kinds.</summary>
public enum InputType
{
    /// <summary>A relative pointer.</summary>
    Mouse,

    /// <summary>A keyboard.</summary>
    Keyboard,

    /// <summary>An absolute pointer (USB only).</summary>
    Tablet,
}
