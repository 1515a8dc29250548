using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class XdrReaderSpecs
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void IntegersAreBigEndian()
    {
        var reader = new XdrReader(Hex("fffffffe 00000007 fffffffffffffffd 8000000000000000"));
        Assert.Equal(-2, reader.ReadInt32());
        Assert.Equal(7u, reader.ReadUInt32());
        Assert.Equal(-3L, reader.ReadInt64());
        Assert.Equal(0x8000000000000000UL, reader.ReadUInt64());
        reader.ExpectEnd();
    }

    [Fact]
    public void StringsSkipTheirPadding()
    {
        var reader = new XdrReader(Hex("00000005 68656c6c 6f000000 00000000 00000001"));
        Assert.Equal("hello", reader.ReadString(16));
        Assert.Equal(string.Empty, reader.ReadString(16));
        Assert.Equal(1, reader.ReadInt32());
    }

    [Fact]
    public void OptionalValuesFollowTheirDiscriminant()
    {
        var reader = new XdrReader(Hex("00000000 00000001 00000002 6869 0000"));
        Assert.Null(reader.ReadOptionalString(8));
        Assert.Equal("hi", reader.ReadOptionalString(8));
    }

    [Fact]
    public void ABoolOtherThanZeroOrOneIsMalformed()
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000002")).ReadBool());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0000")]
    [InlineData("000000")]
    public void ATruncatedIntIsMalformed(string hex)
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex(hex)).ReadInt32());
    }

    [Fact]
    public void AStringLongerThanItsMaximumIsRefusedBeforeReadingIt()
    {
        var ex = Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000009 0000")).ReadString(8));
        Assert.Contains("exceeds the maximum of 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStringLongerThanTheBytesLeftIsMalformed()
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000005 68656c6c")).ReadString(64));
    }

    [Fact]
    public void AStringWhosePaddingIsMissingIsMalformed()
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000005 68656c6c 6f")).ReadString(64));
    }

    [Fact]
    public void AnArrayCountOverItsMaximumIsRefused()
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000003 00000001 00000002 00000003")).ReadInt32Array(2));
    }

    [Fact]
    public void AnArrayCountTheBytesLeftCannotHoldIsRefused()
    {
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("00000003 00000001")).ReadInt32Array(100));
    }

    [Fact]
    public void AnAbsurdLengthInATinyBufferAllocatesNothingLarge()
    {
        byte[] tiny = Hex("7fffffff 00000000");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<MalformedMessageException>(() => new XdrReader(tiny).ReadString(int.MaxValue));
        Assert.Throws<MalformedMessageException>(() => new XdrReader(tiny).ReadOpaque(int.MaxValue));
        Assert.Throws<MalformedMessageException>(() => new XdrReader(tiny).ReadArray<RemoteDomain>(int.MaxValue));
        Assert.Throws<MalformedMessageException>(() => new XdrReader(tiny).ReadStringArray(int.MaxValue, int.MaxValue));
        Assert.Throws<MalformedMessageException>(() => new XdrReader(tiny).ReadCharString(int.MaxValue));
        Assert.Throws<MalformedMessageException>(() => new XdrReader(Hex("ffffffff")).ReadString(RemoteLimits.StringMax));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void TrailingBytesAfterAStructAreMalformed()
    {
        var message = new Message(RemoteProgram.Call(RemoteProcedure.DomainGetState, 1), Hex("00000001 00000002 00000003"));
        Assert.Throws<MalformedMessageException>(() => message.Decode<DomainGetStateRet>());
    }

    [Fact]
    public void FixedOpaqueDataIsReadInPlace()
    {
        var reader = new XdrReader(Hex("010203 00 04050607"));
        Assert.Equal([1, 2, 3], reader.ReadFixedOpaque(3).ToArray());
        Assert.Equal(4, reader.Position);
        Assert.Equal(4, reader.Remaining);
    }
}
