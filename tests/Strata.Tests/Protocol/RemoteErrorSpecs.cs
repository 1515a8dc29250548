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
    public void LibvirtdsRefusalsOfCallsItDoesNotCarryOutAreByteForByteStratas()
    {
        var frames = File.ReadLines(Path.Combine(Support.RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "Captures", "unsupported.frames"))
            .Where(l => l.StartsWith("S ", StringComparison.Ordinal))
            .Select(l => Frame.Parse(Convert.FromHexString(l[2..])))
            .Where(m => m.Header.Status == MessageStatus.Error)
            .ToDictionary(m => m.Header.Procedure);
        Assert.Equal(RemoteError.Unsupported("virConnectDomainXMLFromNative"), frames[135].Error);
        Assert.Equal(RemoteError.UnknownProcedure(107), frames[107].Error); // an event's number, sent as a call
        Assert.Equal(RemoteError.UnknownProcedure(9999), frames[9999].Error);
    }

    [Theory]
    [InlineData(135, "virConnectDomainXMLFromNative")]
    [InlineData(52, "virConnectNumOfNetworks")]
    [InlineData(203, "virConnectGetSysinfo")]
    [InlineData(228, "virNodeGetMemoryStats")]
    [InlineData(443, "virDomainFDAssociate")]
    [InlineData(316, "virConnectDomainEventRegisterAny")]
    public void EveryLibvirtProcedureNamesItsFunction(int procedure, string function) =>
        Assert.Equal(function, RemoteProcedureFunctions.Of(procedure));

    [Theory]
    [InlineData(0)]
    [InlineData(67)] // AUTH_SASL_INIT
    [InlineData(107)] // DOMAIN_EVENT_LIFECYCLE
    [InlineData(444)]
    [InlineData(-1)]
    public void EventsAuthenticationStepsAndUnknownNumbersHaveNoFunction(int procedure) =>
        Assert.Null(RemoteProcedureFunctions.Of(procedure));

    // As libvirt 9.0 reports an API a driver lacks: from the source file of its public API (the first twelve as
    // libvirt's own test driver reports them).
    [Theory]
    [InlineData("virConnectListAllSecrets", 30)]
    [InlineData("virConnectListAllNWFilters", 33)]
    [InlineData("virConnectListAllNWFilterBindings", 33)]
    [InlineData("virNetworkPortCreateXML", 19)]
    [InlineData("virNetworkListAllPorts", 19)]
    [InlineData("virConnectGetStoragePoolCapabilities", 18)]
    [InlineData("virNodeDeviceDefineXML", 22)]
    [InlineData("virNodeDeviceSetAutostart", 22)]
    [InlineData("virNodeGetMemoryParameters", 20)]
    [InlineData("virConnectDomainXMLFromNative", 20)]
    [InlineData("virConnectBaselineHypervisorCPU", 20)]
    [InlineData("virConnectGetDomainCapabilities", 20)]
    [InlineData("virDomainInterfaceAddresses", 20)]
    [InlineData("virConnectListAllInterfaces", 26)]
    [InlineData("virDomainSnapshotCreateXML", 35)]
    [InlineData("virDomainCheckpointCreateXML", 69)]
    public void AnUnsupportedFunctionIsReportedByItsPartOfLibvirt(string function, int domain) =>
        Assert.Equal(domain, RemoteProcedureFunctions.ErrorDomainOf(function));

    [Fact]
    public void ASuccessfulReplyHasNoError()
    {
        Assert.Null(Frame.Parse(Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectClose, 1).ReplyHeader())).Error);
    }

    [Fact]
    public void UnknownProceduresAndProgramsGetLibvirtdsRpcErrors()
    {
        Assert.Equal(new RemoteError(LibvirtErrors.Rpc, LibvirtErrors.DomainRpc, "unknown procedure: 9999", Str1: "%s", Str2: "unknown procedure: 9999",
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
