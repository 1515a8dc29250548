using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class XdrWriterSpecs
{
    [Fact]
    public void PrimitivesRoundTrip()
    {
        var writer = new XdrWriter(0);
        writer.WriteInt32(int.MinValue);
        writer.WriteUInt32(uint.MaxValue);
        writer.WriteInt64(long.MinValue);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteBool(true);
        writer.WriteBool(false);
        writer.WriteString("héllo", 64);
        writer.WriteOptionalString(null, 64);
        writer.WriteOptionalString("x", 64);
        writer.WriteOpaque([1, 2, 3, 4, 5], 8);
        writer.WriteFixedOpaque([9, 8], 2);
        writer.WriteInt32Array([1, -1], 4);
        writer.WriteStringArray(["a", "bc"], 4, 4);
        writer.WriteCharString("sec", 8);
        writer.WriteFixedCharString("i686", 32);

        var reader = new XdrReader(writer.WrittenSpan);
        Assert.Equal(int.MinValue, reader.ReadInt32());
        Assert.Equal(uint.MaxValue, reader.ReadUInt32());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.True(reader.ReadBool());
        Assert.False(reader.ReadBool());
        Assert.Equal("héllo", reader.ReadString(64));
        Assert.Null(reader.ReadOptionalString(64));
        Assert.Equal("x", reader.ReadOptionalString(64));
        Assert.Equal([1, 2, 3, 4, 5], reader.ReadOpaque(8));
        Assert.Equal([9, 8], reader.ReadFixedOpaque(2).ToArray());
        Assert.Equal([1, -1], reader.ReadInt32Array(4));
        Assert.Equal(["a", "bc"], reader.ReadStringArray(4, 4));
        Assert.Equal("sec", reader.ReadCharString(8));
        Assert.Equal("i686", reader.ReadFixedCharString(32));
        reader.ExpectEnd();
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("a", 8)]
    [InlineData("ab", 8)]
    [InlineData("abc", 8)]
    [InlineData("abcd", 8)]
    [InlineData("abcde", 12)]
    public void StringsArePaddedWithZerosToFourBytes(string value, int size)
    {
        var writer = new XdrWriter();
        writer.WriteString(value, 64);
        Assert.Equal(size, writer.Length);
        Assert.All(writer.WrittenSpan[(4 + value.Length)..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void LimitsAreEnforcedWhenWriting()
    {
        var writer = new XdrWriter();
        Assert.Throws<ProtocolException>(() => writer.WriteString("toolong", 3));
        Assert.Throws<ProtocolException>(() => writer.WriteOpaque(new byte[5], 4));
        Assert.Throws<ProtocolException>(() => writer.WriteInt32Array([1, 2, 3], 2));
        Assert.Throws<ProtocolException>(() => writer.WriteFixedCharString(new string('x', 32), 32));
        Assert.Throws<ArgumentException>(() => writer.WriteFixedOpaque(new byte[3], 4));
    }

    [Fact]
    public void AMessageLargerThanTheMaximumCannotBeWritten()
    {
        var writer = new XdrWriter();
        writer.BeginMessage(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 1));
        var ex = Assert.Throws<ProtocolException>(() => writer.WriteOpaque(new byte[NetLimits.MessageMax], int.MaxValue));
        Assert.Contains("exceeds the maximum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageOfExactlyTheMaximumIsWritten()
    {
        var writer = new XdrWriter();
        writer.BeginMessage(RemoteProgram.Call(RemoteProcedure.DomainDefineXml, 1));
        writer.WriteFixedOpaque(new byte[NetLimits.PayloadMax], NetLimits.PayloadMax);
        var frame = writer.FinishMessage();
        Assert.Equal(NetLimits.FrameMax, frame.Length);
        Assert.Equal(NetLimits.PayloadMax, Frame.Parse(frame.Span).Payload.Length);
    }

    [Fact]
    public void FinishingWithoutBeginningIsAnError()
    {
        Assert.Throws<InvalidOperationException>(() => new XdrWriter().FinishMessage());
    }
}
