using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class KeepaliveSpecs
{
    [Fact]
    public void APingIsAnEmptyMessageOfTheKeepaliveProgram()
    {
        Assert.Equal("0000001c" + "6b656570" + "00000001" + "00000001" + "00000002" + "00000000" + "00000000",
            Convert.ToHexString(KeepaliveProgram.Ping()).ToLowerInvariant());
    }

    [Fact]
    public void PingAndPongAreRecognised()
    {
        var ping = Frame.Parse(KeepaliveProgram.Ping()).Header;
        var pong = Frame.Parse(KeepaliveProgram.Pong()).Header;
        Assert.True(KeepaliveProgram.IsPing(ping));
        Assert.False(KeepaliveProgram.IsPong(ping));
        Assert.True(KeepaliveProgram.IsPong(pong));
        Assert.True(KeepaliveProgram.Owns(pong));
        Assert.False(RemoteProgram.Owns(pong));
    }

    [Fact]
    public void ARemoteCallWithTheSameNumberIsNoPing()
    {
        Assert.False(KeepaliveProgram.IsPing(RemoteProgram.Call((RemoteProcedure)(int)KeepaliveProcedure.Ping, 0)));
    }
}
