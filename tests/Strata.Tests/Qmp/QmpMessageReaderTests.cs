using System.Text;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Tests.Qmp;

public class QmpMessageReaderTests
{
    /// <summary>A stream that hands out its bytes at most <c>chunk</c> at a time.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static async Task<List<string>> ReadAllAsync(string text, int chunk)
    {
        var reader = new QmpMessageReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));
        var messages = new List<string>();
        while (await reader.ReadMessageAsync(CancellationToken.None) is { } message)
            messages.Add(Encoding.UTF8.GetString(message.Span));
        return messages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task SplitsMessagesWhateverTheReadSizes(int chunk)
    {
        var messages = await ReadAllAsync("{\"a\":1}\r\n{\"b\":\"x\\ny\"}\n\r\n{\"c\":3}\r\n", chunk);
        Assert.Equal(["{\"a\":1}", "{\"b\":\"x\\ny\"}", "{\"c\":3}"], messages);
    }

    [Fact]
    public async Task AFinalMessageWithoutNewlineIsKept()
    {
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], await ReadAllAsync("{\"a\":1}\n{\"b\":2}", 5));
    }

    [Fact]
    public async Task AMessageMuchLargerThanTheBufferArrivesWhole()
    {
        string big = "{\"return\":\"" + new string('x', 3 * 1024 * 1024) + "\"}";
        var messages = await ReadAllAsync("{\"first\":true}\n" + big + "\r\n{\"last\":true}\n", 65536);
        Assert.Equal(3, messages.Count);
        Assert.Equal(big, messages[1]);
        Assert.Equal("{\"last\":true}", messages[2]);
    }

    [Fact]
    public async Task ManySmallMessagesInOneReadAreAllReturned()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) text.Append("{\"n\":").Append(i).Append("}\r\n");
        var messages = await ReadAllAsync(text.ToString(), 1 << 20);
        Assert.Equal(10_000, messages.Count);
        Assert.Equal("{\"n\":9999}", messages[^1]);
    }
}
