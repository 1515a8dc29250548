namespace Strata.Protocol;

/// <summary>The args of node_get_cells_free_memory: the first NUMA cell and how many cells from there.</summary>
public sealed record NodeGetCellsFreeMemoryArgs(int StartCell, int MaxCells) : IXdrType<NodeGetCellsFreeMemoryArgs>
{
    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(StartCell);
        writer.WriteInt32(MaxCells);
    }

    /// <inheritdoc/>
    public static NodeGetCellsFreeMemoryArgs Decode(ref XdrReader reader) => new(reader.ReadInt32(), reader.ReadInt32());
}
