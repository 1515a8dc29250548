using System.Buffers.Binary;
using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class FramingSpecs
{
    /// <summary>A stream that hands out its bytes at most <c>chunk</c> at a time.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static byte[] LengthWord(uint length)
    {
        var bytes = new byte[NetLimits.LengthWordSize];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        return bytes;
    }

    private static async Task<List<Message>> ReadAllAsync(byte[] data, int chunk)
    {
        var reader = new FrameReader(new TrickleStream(data, chunk));
        var messages = new List<Message>();
        while (await reader.ReadAsync() is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    [Fact]
    public void AFrameStartsWithALengthThatCountsItselfThenTheHeader()
    {
        byte[] frame = Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectListAllDomains, 7),
            new ConnectListAllDomainsArgs(true, ListAllDomainsFlags.Active | ListAllDomainsFlags.Inactive));
        Assert.Equal(
            "00000024" + "20008086" + "00000001" + "00000111" + "00000000" + "00000007" + "00000000" + "00000001" + "00000003",
            Convert.ToHexString(frame).ToLowerInvariant());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(29)]
    [InlineData(1 << 20)]
    public async Task WholeFramesArriveWhateverTheReadSizes(int chunk)
    {
        var messages = await ReadAllAsync(CapturedFrames.ListAllServer, chunk);
        Assert.Equal(10, messages.Count);
        Assert.All(messages, m => Assert.Equal(MessageType.Reply, m.Header.Type));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (uint)i), messages.Select(m => m.Header.Serial));
    }

    [Fact]
    public async Task ManyFramesInOneReadAreAllReturned()
    {
        byte[] ping = KeepaliveProgram.Ping();
        byte[] data = Enumerable.Repeat(ping, 5000).SelectMany(f => f).ToArray();
        var messages = await ReadAllAsync(data, data.Length);
        Assert.Equal(5000, messages.Count);
        Assert.All(messages, m => Assert.True(KeepaliveProgram.IsPing(m.Header)));
    }

    [Fact]
    public async Task AFrameMuchLargerThanTheInitialBufferArrivesWhole()
    {
        string xml = new('x', 3 * 1024 * 1024);
        byte[] big = Frame.Build(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 2), new StringValue(xml));
        byte[] data = [.. KeepaliveProgram.Ping(), .. big, .. KeepaliveProgram.Pong()];
        var messages = await ReadAllAsync(data, 65536);
        Assert.Equal(3, messages.Count);
        Assert.Equal(xml, messages[1].Decode<StringValue>().Value);
        Assert.True(KeepaliveProgram.IsPong(messages[2].Header));
    }

    [Fact]
    public async Task SmallFramesAfterAHugeOneStillArrive()
    {
        byte[] huge = Frame.Build(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 1), new StringValue(new string('y', 4 * 1024 * 1024)));
        byte[] data = [.. huge, .. KeepaliveProgram.Ping(), .. huge, .. KeepaliveProgram.Pong()];
        var messages = await ReadAllAsync(data, 1 << 16);
        Assert.Equal([RemoteProgram.Number, KeepaliveProgram.Number, RemoteProgram.Number, KeepaliveProgram.Number],
            messages.Select(m => m.Header.Program));
    }

    [Fact]
    public async Task AnEmptyStreamEndsCleanly()
    {
        Assert.Empty(await ReadAllAsync([], 16));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(27u)]
    [InlineData((uint)NetLimits.FrameMax + 1)]
    [InlineData(uint.MaxValue)]
    public async Task ALengthOutOfBoundsIsRefusedBeforeAnythingIsAllocated(uint length)
    {
        var reader = new FrameReader(new MemoryStream([.. LengthWord(length), .. new byte[64]]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Assert.ThrowsAsync<FrameSizeException>(() => reader.ReadAsync().AsTask());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Equal(length, ex.Length);
        Assert.Equal((ErrorCode)LibvirtErrors.Rpc, ex.Code);
    }

    [Fact]
    public async Task TheLargestLegalLengthIsAccepted()
    {
        var writer = new XdrWriter();
        writer.BeginMessage(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 1));
        writer.WriteFixedOpaque(new byte[NetLimits.PayloadMax], NetLimits.PayloadMax);
        var message = await new FrameReader(new MemoryStream(writer.FinishMessage().ToArray())).ReadAsync();
        Assert.Equal(NetLimits.PayloadMax, message!.Payload.Length);
    }

    [Fact]
    public async Task ATruncatedHeaderIsAProtocolError()
    {
        byte[] frame = KeepaliveProgram.Ping();
        var reader = new FrameReader(new MemoryStream(frame[..12]));
        await Assert.ThrowsAsync<ProtocolException>(() => reader.ReadAsync().AsTask());
    }

    [Fact]
    public async Task ATruncatedPayloadIsAProtocolError()
    {
        byte[] frame = Frame.Build(RemoteProgram.Call(RemoteProcedure.DomainLookupByName, 3), new StringValue("guest"));
        var reader = new FrameReader(new TrickleStream(frame[..^3], 5));
        await Assert.ThrowsAsync<ProtocolException>(() => reader.ReadAsync().AsTask());
    }

    [Fact]
    public async Task AHeaderWithAnUnknownTypeIsMalformed()
    {
        byte[] frame = KeepaliveProgram.Ping();
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), 9);
        await Assert.ThrowsAsync<MalformedMessageException>(() => new FrameReader(new MemoryStream(frame)).ReadAsync().AsTask());
    }

    [Fact]
    public async Task AfterAMalformedHeaderTheNextFrameIsStillRead()
    {
        byte[] bad = KeepaliveProgram.Ping();
        BinaryPrimitives.WriteInt32BigEndian(bad.AsSpan(16), 9);
        var reader = new FrameReader(new MemoryStream([.. bad, .. KeepaliveProgram.Pong()]));
        await Assert.ThrowsAsync<MalformedMessageException>(() => reader.ReadAsync().AsTask());
        Assert.True(KeepaliveProgram.IsPong((await reader.ReadAsync())!.Header));
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadAllYieldsEveryMessageUntilTheEnd()
    {
        var reader = new FrameReader(new MemoryStream(CapturedFrames.ListAllClient));
        int count = 0;
        await foreach (var message in reader.ReadAllAsync())
        {
            Assert.Equal(MessageType.Call, message.Header.Type);
            count++;
        }

        Assert.Equal(10, count);
    }

    [Fact]
    public void AGarbagePayloadIsMalformedWhenDecoded()
    {
        byte[] frame = [.. LengthWord(NetLimits.FrameMin + 8), .. Frame.Build(RemoteProgram.Call(RemoteProcedure.DomainLookupByName, 1))[4..], 0xff, 0xff, 0xff, 0xff, 0x41, 0x41, 0x41, 0x41];
        var message = Frame.Parse(frame);
        Assert.Throws<MalformedMessageException>(() => message.Decode<StringValue>());
    }

    [Fact]
    public void TryParseWaitsForTheWholeFrame()
    {
        byte[] frame = KeepaliveProgram.Pong();
        Assert.False(Frame.TryParse(frame.AsSpan(0, 3), out _, out _));
        Assert.False(Frame.TryParse(frame.AsSpan(0, frame.Length - 1), out _, out _));
        Assert.True(Frame.TryParse([.. frame, .. frame], out var message, out int consumed));
        Assert.Equal(frame.Length, consumed);
        Assert.True(KeepaliveProgram.IsPong(message!.Header));
    }

    [Fact]
    public async Task TheWriterSendsWholeFramesWithoutInterleaving()
    {
        var output = new MemoryStream();
        using var writer = new FrameWriter(output);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            writer.WriteAsync(RemoteProgram.Call(RemoteProcedure.DomainLookupByName, (uint)i), new StringValue($"guest-{i}")).AsTask()));
        var messages = await ReadAllAsync(output.ToArray(), 4096);
        Assert.Equal(200, messages.Count);
        Assert.All(messages, m => Assert.Equal($"guest-{m.Header.Serial}", m.Decode<StringValue>().Value));
    }

    [Fact]
    public async Task AMessageOverTheLimitIsNotSentAndTheWriterCarriesOn()
    {
        var output = new MemoryStream();
        using var writer = new FrameWriter(output);
        var tooMany = new ConnectListDomainsRet(new int[RemoteLimits.DomainListMax + 1]);
        await Assert.ThrowsAsync<ProtocolException>(() => writer.WriteAsync(RemoteProgram.Call(RemoteProcedure.ConnectListDomains, 1), tooMany).AsTask());
        await writer.WriteAsync(KeepaliveProgram.Header(KeepaliveProcedure.Pong));
        Assert.Equal(KeepaliveProgram.Pong(), output.ToArray());
    }

    [Fact]
    public async Task SendingReusesTheEncodingBuffer()
    {
        using var writer = new FrameWriter(Stream.Null);
        var header = RemoteProgram.Call(RemoteProcedure.DomainLookupByName, 1);
        var body = new StringValue("guest");
        await writer.WriteAsync(header, body);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            await writer.WriteAsync(header, body);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A fresh buffer per message would cost at least its payload; the async machinery costs about 100 bytes.
        Assert.True(allocated < 1000 * 1024, $"{allocated} bytes for 1000 sends");
    }

    [Fact]
    public async Task ACallerGivingUpNeverCutsAFrameShort()
    {
        // The first frame's bytes are held back by the stream; its caller gives up, the one queued behind it too.
        var output = new GatedStream();
        using var writer = new FrameWriter(output);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var writing = writer.WriteAsync(KeepaliveProgram.Ping(), first.Token).AsTask();
        await output.Started.Task;
        var queued = writer.WriteAsync(KeepaliveProgram.Pong(), second.Token).AsTask();
        await first.CancelAsync();
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        output.Open();
        await writing;
        await writer.WriteAsync(KeepaliveProgram.Pong());
        Assert.Equal([.. KeepaliveProgram.Ping(), .. KeepaliveProgram.Pong()], output.Written.ToArray());
    }

    [Fact]
    public async Task TheConnectionClosingCutsAFrameInProgress()
    {
        var output = new GatedStream();
        using var closing = new CancellationTokenSource();
        using var writer = new FrameWriter(output, closing.Token);
        var writing = writer.WriteAsync(KeepaliveProgram.Ping()).AsTask();
        await output.Started.Task;
        await closing.CancelAsync();
        // Heard as the end of the connection, not as the sender's own cancellation; so is every later write.
        await Assert.ThrowsAsync<IOException>(() => writing);
        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(KeepaliveProgram.Pong(), CancellationToken.None).AsTask());
    }

    /// <summary>A stream whose writes wait until <see cref="Open"/>, honouring only the token they are given.</summary>
    private sealed class GatedStream : MemoryStream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public void Open() => _open.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            await Written.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task TheWriterRefusesSomethingThatIsNotOneFrame()
    {
        using var writer = new FrameWriter(new MemoryStream());
        byte[] frame = KeepaliveProgram.Ping();
        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(frame.AsMemory(0, frame.Length - 1)).AsTask());
    }

    [Fact]
    public void AReplyKeepsTheCallsProgramProcedureAndSerial()
    {
        var call = RemoteProgram.Call(RemoteProcedure.DomainGetState, 42);
        var reply = call.ReplyHeader(MessageStatus.Error);
        Assert.Equal(call with { Type = MessageType.Reply, Status = MessageStatus.Error }, reply);
        Assert.Equal(MessageType.ReplyWithFds, (call with { Type = MessageType.CallWithFds }).ReplyHeader().Type);
    }
}
