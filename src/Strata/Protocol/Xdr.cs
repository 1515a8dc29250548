namespace Strata.Protocol;

/// <summary>Facts of XDR itself (RFC 4506).</summary>
public static class Xdr
{
    /// <summary>Every XDR item occupies a multiple of this many bytes.</summary>
    public const int Unit = 4;

    /// <summary>The smallest encoding of any item; an array of N items needs at least N units.</summary>
    public const int MinItemSize = Unit;

    /// <summary>Zero bytes that follow <paramref name="length"/> bytes of opaque data to reach a unit boundary.</summary>
    public static int Padding(int length) => (Unit - (length % Unit)) % Unit;

    /// <summary>Bytes that <paramref name="length"/> bytes of opaque data take with their padding.</summary>
    public static long Padded(long length) => (length + Unit - 1) / Unit * Unit;
}
