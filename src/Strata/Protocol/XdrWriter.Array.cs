namespace Strata.Protocol;

public sealed partial class XdrWriter
{
    /// <summary>An optional struct (<c>T *x</c>).</summary>
    public void WriteOptional<T>(T? value) where T : class, IXdrType<T>
    {
        WritePresence(value is not null);
        value?.Encode(this);
    }

    /// <summary>A variable-length array of structs (<c>T x&lt;max&gt;</c>).</summary>
    public void WriteArray<T>(IReadOnlyList<T> items, int maxCount) where T : IXdrType<T>
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteArrayCount(items.Count, maxCount);
        foreach (var item in items)
        {
            item.Encode(this);
        }
    }

    /// <summary>A variable-length array of ints (<c>int x&lt;max&gt;</c>).</summary>
    public void WriteInt32Array(IReadOnlyList<int> items, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteArrayCount(items.Count, maxCount);
        foreach (int item in items)
        {
            WriteInt32(item);
        }
    }

    /// <summary>A variable-length array of strings.</summary>
    public void WriteStringArray(IReadOnlyList<string> items, int maxCount, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteArrayCount(items.Count, maxCount);
        foreach (string item in items)
        {
            WriteString(item, maxLength);
        }
    }

    /// <summary>The element count of a variable-length array, refused when over <paramref name="maxCount"/>.</summary>
    public void WriteArrayCount(int count, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > maxCount)
        {
            throw new ProtocolException($"XDR array of {count} elements exceeds the maximum of {maxCount}");
        }

        WriteUInt32((uint)count);
    }
}
