namespace Strata.Protocol;

/// <summary>
/// A struct of one <c>unsigned hyper</c>: the ret of connect_get_version (hv_ver), connect_get_lib_version (lib_ver),
/// domain_get_max_memory (memory, KiB), node_get_free_memory (freeMem).
/// </summary>
public sealed record UInt64Value(ulong Value) : IXdrType<UInt64Value>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt64(Value);
    }

    /// <inheritdoc/>
    public static UInt64Value Decode(ref XdrReader reader) => new(reader.ReadUInt64());
}
