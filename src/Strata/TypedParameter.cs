using System.Globalization;

namespace Strata;

/// <summary>The kinds of value a typed parameter carries (libvirt's <c>virTypedParameterType</c>).</summary>
public enum TypedParameterType
{
    Int = 1,
    UInt = 2,
    LLong = 3,
    ULLong = 4,
    Double = 5,
    Boolean = 6,
    String = 7,
}

/// <summary>
/// One named value of a libvirt typed-parameter list, as domain statistics return them: a field such as
/// <c>block.0.rd.bytes</c> and a value of one of libvirt's seven kinds. Integers of every width and booleans are
/// kept in <see cref="Bits"/>, read back through the accessor of their kind.
/// </summary>
public readonly record struct TypedParameter
{
    private TypedParameter(string field, TypedParameterType type, long bits, double real = 0, string? text = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        Field = field;
        Type = type;
        Bits = bits;
        Real = real;
        Text = text;
    }

    public string Field { get; }

    public TypedParameterType Type { get; }

    /// <summary>The value of an integer or boolean parameter, as 64 bits (unsigned kinds reinterpret them).</summary>
    public long Bits { get; }

    /// <summary>The value of a <see cref="TypedParameterType.Double"/> parameter.</summary>
    public double Real { get; }

    /// <summary>The value of a <see cref="TypedParameterType.String"/> parameter.</summary>
    public string? Text { get; }

    public static TypedParameter Int(string field, int value) => new(field, TypedParameterType.Int, value);

    public static TypedParameter UInt(string field, uint value) => new(field, TypedParameterType.UInt, value);

    public static TypedParameter LLong(string field, long value) => new(field, TypedParameterType.LLong, value);

    public static TypedParameter ULLong(string field, ulong value) => new(field, TypedParameterType.ULLong, unchecked((long)value));

    public static TypedParameter Double(string field, double value) => new(field, TypedParameterType.Double, 0, real: value);

    public static TypedParameter Boolean(string field, bool value) => new(field, TypedParameterType.Boolean, value ? 1 : 0);

    public static TypedParameter String(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(field, TypedParameterType.String, 0, text: value);
    }

    /// <summary>An integer parameter's value read as unsigned (what counters and sizes are).</summary>
    public ulong Unsigned => Type == TypedParameterType.UInt ? (uint)Bits : unchecked((ulong)Bits);

    /// <summary>The value as virsh prints it: booleans as yes/no, doubles as printf's %f.</summary>
    public string ValueText => Type switch
    {
        TypedParameterType.Int => ((int)Bits).ToString(CultureInfo.InvariantCulture),
        TypedParameterType.UInt => ((uint)Bits).ToString(CultureInfo.InvariantCulture),
        TypedParameterType.LLong => Bits.ToString(CultureInfo.InvariantCulture),
        TypedParameterType.ULLong => unchecked((ulong)Bits).ToString(CultureInfo.InvariantCulture),
        TypedParameterType.Double => Real.ToString("F6", CultureInfo.InvariantCulture),
        TypedParameterType.Boolean => Bits != 0 ? "yes" : "no",
        _ => Text ?? "",
    };
}
