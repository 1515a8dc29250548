namespace Strata.Pools;

/// <summary>A volume transfer's copy loop: a stream's bytes, up to a length if one is given, a buffer at a time.</summary>
internal static class BoundedCopy
{
    /// <summary>Reads <paramref name="from"/> until its end or <paramref name="length"/> bytes, handing each piece to <paramref name="write"/>.</summary>
    public static async Task CopyAsync(Stream from, ulong? length, int bufferSize, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[bufferSize];
        ulong left = length ?? ulong.MaxValue;
        while (left > 0)
        {
            int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min((ulong)buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            await write(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= (ulong)read;
        }
    }
}
