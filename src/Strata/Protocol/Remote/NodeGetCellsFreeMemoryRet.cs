namespace Strata.Protocol;

/// <summary>The ret of node_get_cells_free_memory: each cell's free memory in bytes.</summary>
public sealed record NodeGetCellsFreeMemoryRet(IReadOnlyList<ulong> Cells) : IXdrType<NodeGetCellsFreeMemoryRet>
{
    /// <summary>Most cells in one call (REMOTE_NODE_MAX_CELLS).</summary>
    public const int Max = 1024;

    /// <inheritdoc/>
    public void Encode(XdrWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteArrayCount(Cells.Count, Max);
        foreach (ulong cell in Cells)
            writer.WriteUInt64(cell);
    }

    /// <inheritdoc/>
    public static NodeGetCellsFreeMemoryRet Decode(ref XdrReader reader)
    {
        var cells = new ulong[reader.ReadArrayCount(Max, sizeof(ulong))];
        for (int i = 0; i < cells.Length; i++)
            cells[i] = reader.ReadUInt64();
        return new(cells);
    }
}
