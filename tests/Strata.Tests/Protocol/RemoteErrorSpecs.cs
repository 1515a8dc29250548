using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class RemoteErrorSpecs
{
    [Fact]
    public void AStrataExceptionBecomesAnErrorWithItsCodeAndMessage()
    {
        var error = RemoteError.FromException(new DomainNotFoundException("no domain with matching name 'x'"));
        Assert.Equal((int)ErrorCode.NoDomain, error.Code);
        Assert.Equal("Domain not found: no domain with matching name 'x'", error.Message);
        Assert.Equal(LibvirtErrors.LevelError, error.Level);
        Assert.Equal(LibvirtErrors.DomainRemote, error.Domain);
    }

    [Fact]
    public void AnErrorReplyCarriesTheCallsSerialAndTheError()
    {
        var call = RemoteProgram.Call(RemoteProcedure.DomainCreate, 17);
        var error = RemoteError.FromException(new OperationInvalidException("domain is already running"), LibvirtErrors.DomainQemu);
        var reply = Frame.Parse(Frame.BuildError(call, error));
        Assert.Equal(new MessageHeader(RemoteProgram.Number, RemoteProgram.Version, (int)RemoteProcedure.DomainCreate,
            MessageType.Reply, 17, MessageStatus.Error), reply.Header);
        Assert.Equal(error, reply.Error);
        var back = reply.Error!.ToException();
        Assert.Equal(ErrorCode.OperationInvalid, back.Code);
        Assert.Equal("Requested operation is not valid: domain is already running", back.Message);
    }

    [Fact]
    public void AnUnsupportedProcedureGetsLibvirtsNoSupportError()
    {
        var error = RemoteError.Unsupported("virDomainOpenConsole");
        Assert.Equal((int)ErrorCode.NoSupport, error.Code);
        Assert.Equal("this function is not supported by the connection driver: virDomainOpenConsole", error.Message);
    }

    [Fact]
    public void TheUnsupportedErrorIsByteForByteLibvirtds()
    {
        var captured = File.ReadLines(Path.Combine(Support.RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "Captures", "domcapabilities.frames"))
            .Where(l => l.StartsWith("S ", StringComparison.Ordinal))
            .Select(l => Frame.Parse(Convert.FromHexString(l[2..])))
            .Single(m => m.Header.Status == MessageStatus.Error);
        Assert.Equal(RemoteError.Unsupported("virConnectGetDomainCapabilities"), captured.Error);
        Assert.Equal(captured.Payload.ToArray(), Frame.Parse(Frame.BuildError(captured.Header, RemoteError.Unsupported("virConnectGetDomainCapabilities"))).Payload.ToArray());
    }

    [Fact]
    public void ASuccessfulReplyHasNoError()
    {
        Assert.Null(Frame.Parse(Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectClose, 1).ReplyHeader())).Error);
    }

    [Fact]
    public void UnknownProceduresAndProgramsGetLibvirtdsRpcErrors()
    {
        Assert.Equal(new RemoteError(LibvirtErrors.Rpc, LibvirtErrors.DomainRpc, "unknown procedure: 9999", Str1: "unknown procedure: 9999",
            Int1: RemoteError.NoNumber, Int2: RemoteError.NoNumber), RemoteError.UnknownProcedure(9999));
        Assert.Equal("Cannot find program 1 version 1", RemoteError.UnknownProgram(1, 1).Message);
        Assert.Equal(LibvirtErrors.Rpc, RemoteError.UndecodablePayload().Code);
    }

    [Fact]
    public void AProtocolExceptionIsReportedByTheRpcLayer()
    {
        var error = RemoteError.FromException(new FrameSizeException(0), LibvirtErrors.DomainQemu);
        Assert.Equal(LibvirtErrors.Rpc, error.Code);
        Assert.Equal(LibvirtErrors.DomainRpc, error.Domain);
    }
}
