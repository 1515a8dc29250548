using Strata.Protocol;

namespace Strata.Tests.Protocol;

/// <summary>Frames recorded between real virsh and libvirtd decode to what virsh printed.</summary>
public class CapturedTrafficSpecs
{
    private static readonly Guid TestUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");

    private static List<Message> ParseAll(byte[] data)
    {
        var messages = new List<Message>();
        ReadOnlySpan<byte> rest = data;
        while (Frame.TryParse(rest, out var message, out int consumed))
        {
            messages.Add(message!);
            rest = rest[consumed..];
        }

        Assert.True(rest.IsEmpty);
        return messages;
    }

    [Fact]
    public void VirshListAllMakesTheCallsRecordedInTheFixture()
    {
        var calls = ParseAll(CapturedFrames.ListAllClient);
        Assert.All(calls, c => Assert.True(RemoteProgram.Owns(c.Header)));
        Assert.All(calls, c => Assert.Equal(MessageType.Call, c.Header.Type));
        Assert.Equal(
            VirshCallsFixture.Section("virsh list --all"),
            calls.Select(c => VirshCallsFixture.Describe(c)));
    }

    [Fact]
    public void VirshListAllArgumentsDecode()
    {
        var calls = ParseAll(CapturedFrames.ListAllClient);
        Assert.Equal([AuthType.None], ParseAll(CapturedFrames.ListAllServer)[0].Decode<AuthListRet>().Types);
        Assert.Equal((int)DriverFeature.ProgramKeepalive, calls[1].Decode<IntValue>().Value);
        Assert.Equal(new ConnectOpenArgs("test:///default", 0), calls[2].Decode<ConnectOpenArgs>());
        Assert.Equal(new ConnectListAllDomainsArgs(true, ListAllDomainsFlags.Active | ListAllDomainsFlags.Inactive),
            calls[6].Decode<ConnectListAllDomainsArgs>());
        Assert.Equal(new DomainFlagsArgs(new RemoteDomain("test", TestUuid, 1), 0), calls[7].Decode<DomainFlagsArgs>());
    }

    [Fact]
    public void LibvirtdListAllRepliesDecode()
    {
        var replies = ParseAll(CapturedFrames.ListAllServer);
        Assert.All(replies, r => Assert.Equal(MessageStatus.Ok, r.Header.Status));
        Assert.Equal(1, replies[1].Decode<IntValue>().Value);
        Assert.Equal(0, replies[2].Payload.Length);
        var all = replies[6].Decode<ConnectListAllDomainsRet>();
        Assert.Equal([new RemoteDomain("test", TestUuid, 1)], all.Domains);
        Assert.Equal(1u, all.Count);
        Assert.Equal(new DomainGetStateRet(1, 0), replies[7].Decode<DomainGetStateRet>());
    }

    [Fact]
    public void DominfoRepliesDecode()
    {
        var info = Frame.Parse(CapturedFrames.GetInfoReply).Decode<DomainGetInfoRet>();
        Assert.Equal((byte)1, info.State);
        Assert.Equal(8_388_608UL, info.MaxMem);
        Assert.Equal(2_097_152UL, info.Memory);
        Assert.Equal((ushort)2, info.NrVirtCpu);

        Assert.Equal(new NodeGetSecurityModelRet("testSecurity", ""), Frame.Parse(CapturedFrames.SecurityModelReply).Decode<NodeGetSecurityModelRet>());
        Assert.Equal(new DomainGetSecurityLabelRet("libvirt-test", 1), Frame.Parse(CapturedFrames.SecurityLabelReply).Decode<DomainGetSecurityLabelRet>());
        Assert.Equal(new DomainFlagsArgs(new RemoteDomain("test", TestUuid, 1), 0), Frame.Parse(CapturedFrames.GetMessagesCall).Decode<DomainFlagsArgs>());
        Assert.Empty(Frame.Parse(CapturedFrames.GetMessagesReply).Decode<StringListValue>().Values);
    }

    [Fact]
    public void EncodingTheDecodedRepliesGivesLibvirtsBytes()
    {
        AssertReencodes<DomainGetInfoRet>(CapturedFrames.GetInfoReply);
        AssertReencodes<NodeGetSecurityModelRet>(CapturedFrames.SecurityModelReply);
        AssertReencodes<DomainGetSecurityLabelRet>(CapturedFrames.SecurityLabelReply);
        AssertReencodes<NodeGetInfoRet>(CapturedFrames.NodeInfoReply);
        AssertReencodes<RemoteError>(CapturedFrames.LookupByNameMissingReply);
        AssertReencodes<DomainValue>(CapturedFrames.DefineXmlReply);
        AssertReencodes<StringValue>(CapturedFrames.DefineXmlCall);
        AssertReencodes<StringFlagsArgs>(CapturedFrames.CreateXmlCall);
        AssertReencodes<DomainEventCallbackRegisterAnyArgs>(CapturedFrames.RegisterAnyCall);
        AssertReencodes<DomainSetAutostartArgs>(CapturedFrames.SetAutostartCall);
        AssertReencodes<UuidValue>(CapturedFrames.LookupByUuidCall);
        byte[] events = ParseAll(CapturedFrames.LifecycleEvents)
            .SelectMany(m => Frame.Build(m.Header, m.Decode<DomainEventCallbackLifecycleMsg>()))
            .ToArray();
        Assert.Equal(CapturedFrames.LifecycleEvents, events);
    }

    private static void AssertReencodes<T>(byte[] frame) where T : IXdrType<T>
    {
        var message = Frame.Parse(frame);
        Assert.Equal(frame, Frame.Build(message.Header, message.Decode<T>()));
    }

    [Fact]
    public void LibvirtdsKeepaliveMessagesAreOurs()
    {
        Assert.Equal(KeepaliveProgram.Ping(), CapturedFrames.KeepalivePingFromLibvirtd);
        Assert.Equal(KeepaliveProgram.Pong(), CapturedFrames.KeepalivePongFromVirsh);
        Assert.True(KeepaliveProgram.IsPing(Frame.Parse(CapturedFrames.KeepalivePingFromLibvirtd).Header));
    }

    [Fact]
    public void NodeinfoDecodesTheCharArrayModel()
    {
        Assert.Equal(new NodeGetInfoRet("i686", 3_145_728, 16, 1400, 2, 2, 2, 2),
            Frame.Parse(CapturedFrames.NodeInfoReply).Decode<NodeGetInfoRet>());
    }

    [Fact]
    public void VersionRepliesDecode()
    {
        Assert.Equal("TEST", Frame.Parse(CapturedFrames.GetTypeReply).Decode<StringValue>().Value);
        Assert.Equal(2UL, Frame.Parse(CapturedFrames.GetVersionReply).Decode<UInt64Value>().Value);
    }

    [Fact]
    public void AMissingDomainIsAnErrorReplyWithLibvirtsFields()
    {
        var reply = Frame.Parse(CapturedFrames.LookupByNameMissingReply);
        Assert.Equal(MessageStatus.Error, reply.Header.Status);
        Assert.Equal((int)RemoteProcedure.DomainLookupByName, reply.Header.Procedure);
        Assert.Equal(
            new RemoteError((int)ErrorCode.NoDomain, LibvirtErrors.DomainTest, "Domain not found", LibvirtErrors.LevelError,
                Str1: "Domain not found", Int1: -1, Int2: -1),
            reply.Error);
        Assert.Equal(ErrorCode.NoDomain, reply.Error!.ToException().Code);
    }

    [Fact]
    public void DefineAndCreateCallsDecode()
    {
        var define = Frame.Parse(CapturedFrames.DefineXmlCall);
        Assert.Equal((int)RemoteProcedure.DomainDefineXml, define.Header.Procedure);
        Assert.Contains("<name>capdom</name>", define.Decode<StringValue>().Value, StringComparison.Ordinal);
        var defined = Frame.Parse(CapturedFrames.DefineXmlReply).Decode<DomainValue>().Dom;
        Assert.Equal(new RemoteDomain("capdom", Guid.Parse("11111111-2222-3333-4444-555555555555"), RemoteDomain.InactiveId), defined);

        Assert.Equal(new StringFlagsArgs(define.Decode<StringValue>().Value, 0), Frame.Parse(CapturedFrames.CreateXmlCall).Decode<StringFlagsArgs>());
        Assert.Equal(defined.Uuid, Frame.Parse(CapturedFrames.LookupByUuidCall).Decode<UuidValue>().Uuid);
        Assert.Equal((int)RemoteProcedure.DomainCreate, Frame.Parse(CapturedFrames.CreateWithFlagsCall).Header.Procedure);
        Assert.Equal("capdom", Frame.Parse(CapturedFrames.CreateWithFlagsCall).Decode<DomainValue>().Dom.Name);
        Assert.True(Frame.Parse(CapturedFrames.SetAutostartCall).Decode<DomainSetAutostartArgs>().Autostart);
        Assert.Equal(0u, Frame.Parse(CapturedFrames.UndefineFlagsCall).Decode<DomainFlagsArgs>().Flags);
    }

    [Fact]
    public void LifecycleEventsDecode()
    {
        var register = Frame.Parse(CapturedFrames.RegisterAnyCall).Decode<DomainEventCallbackRegisterAnyArgs>();
        Assert.Equal(new DomainEventCallbackRegisterAnyArgs(DomainEventId.Lifecycle, null), register);
        Assert.Equal(0, Frame.Parse(CapturedFrames.RegisterAnyReply).Decode<IntValue>().Value);

        var events = ParseAll(CapturedFrames.LifecycleEvents);
        Assert.All(events, e => Assert.Equal(RemoteProgram.Event(RemoteProcedure.DomainEventCallbackLifecycle), e.Header));
        var decoded = events.Select(e => e.Decode<DomainEventCallbackLifecycleMsg>()).ToList();
        Assert.All(decoded, e => Assert.Equal("test", e.Msg.Dom.Name));
        // virsh printed: Stopped Destroyed, Started Booted, Suspended Paused, Resumed Unpaused.
        Assert.Equal(
            [(DomainEventType.Stopped, 1), (DomainEventType.Started, 0), (DomainEventType.Suspended, 0), (DomainEventType.Resumed, 0)],
            decoded.Select(e => ((DomainEventType)e.Msg.Event, e.Msg.Detail)));
    }
}
