namespace Strata.Protocol;

/// <summary>XDR's <c>void</c>: the arguments or result of a procedure that has none; encodes to nothing.</summary>
public sealed record XdrVoid : IXdrType<XdrVoid>
{
    /// <summary>The one value.</summary>
    public static readonly XdrVoid Value = new();

    private XdrVoid()
    {
    }

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
    }

    /// <inheritdoc/>
    public static XdrVoid Decode(ref XdrReader reader) => Value;
}
