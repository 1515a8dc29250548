using Strata.Protocol;

namespace Strata.Tests.Protocol;

public class RemoteStructSpecs
{
    private static readonly RemoteDomain Guest = new("guest", Guid.Parse("11111111-2222-3333-4444-555555555555"), 7);
    private static readonly RemoteDomain Stopped = new("off", Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f"), RemoteDomain.InactiveId);

    private static T RoundTrip<T>(T value) where T : IXdrType<T>
    {
        byte[] frame = Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectOpen, 1), value);
        return Frame.Parse(frame).Decode<T>();
    }

    public static TheoryData<object> SimpleStructs() =>
    [
        new IntValue(-5),
        new UInt64Value(9_000_000),
        new StringValue("<domain/>"),
        new StringFlagsArgs("<domain/>", 2),
        new FlagsValue(0),
        new DomainValue(Guest),
        new DomainFlagsArgs(Stopped, 1),
        new UuidValue(Guest.Uuid),
        new ConnectOpenArgs("qemu:///system", 0),
        new ConnectOpenArgs(null, ConnectOpenArgs.ReadOnlyFlag),
        new NodeGetInfoRet("x86_64", 16_000_000, 8, 2400, 1, 1, 4, 2),
        new ConnectGetDomainCapabilitiesArgs(null, "x86_64", null, "kvm", 0),
        new ConnectListAllDomainsArgs(true, ListAllDomainsFlags.Active | ListAllDomainsFlags.Inactive),
        new DomainGetInfoRet(1, 1_048_576, 524_288, 2, 123_456_789),
        new DomainGetStateRet(3, 1),
        new DomainSetAutostartArgs(Guest, true),
        new NodeGetSecurityModelRet("none", ""),
        new DomainGetSecurityLabelRet("", 0),
        new DomainEventCallbackRegisterAnyArgs(DomainEventId.Lifecycle, null),
        new DomainEventCallbackRegisterAnyArgs(DomainEventId.Reboot, Guest),
        new DomainEventLifecycleMsg(Guest, 2, 0),
        new DomainEventCallbackLifecycleMsg(3, new DomainEventLifecycleMsg(Stopped, 5, 1)),
        new DomainEventCallbackRebootMsg(1, Guest),
        new RemoteDomain("ünïcode", Guid.NewGuid(), 1),
        new RemoteNetwork("default", Guid.NewGuid()),
        new RemoteError(42, LibvirtErrors.DomainQemu, "Domain not found", Str1: "Domain not found", Int1: -1, Int2: -1),
        new RemoteError(1, 0, null, Dom: Guest, Net: new RemoteNetwork("n", Guid.Empty), Str2: "two", Str3: "three"),
    ];

    [Theory]
    [MemberData(nameof(SimpleStructs))]
    public void EveryStructRoundTrips(object value)
    {
        object decoded = value switch
        {
            IntValue v => RoundTrip(v),
            UInt64Value v => RoundTrip(v),
            StringValue v => RoundTrip(v),
            StringFlagsArgs v => RoundTrip(v),
            FlagsValue v => RoundTrip(v),
            DomainValue v => RoundTrip(v),
            DomainFlagsArgs v => RoundTrip(v),
            UuidValue v => RoundTrip(v),
            ConnectOpenArgs v => RoundTrip(v),
            NodeGetInfoRet v => RoundTrip(v),
            ConnectGetDomainCapabilitiesArgs v => RoundTrip(v),
            ConnectListAllDomainsArgs v => RoundTrip(v),
            DomainGetInfoRet v => RoundTrip(v),
            DomainGetStateRet v => RoundTrip(v),
            DomainSetAutostartArgs v => RoundTrip(v),
            NodeGetSecurityModelRet v => RoundTrip(v),
            DomainGetSecurityLabelRet v => RoundTrip(v),
            DomainEventCallbackRegisterAnyArgs v => RoundTrip(v),
            DomainEventLifecycleMsg v => RoundTrip(v),
            DomainEventCallbackLifecycleMsg v => RoundTrip(v),
            DomainEventCallbackRebootMsg v => RoundTrip(v),
            RemoteDomain v => RoundTrip(v),
            RemoteNetwork v => RoundTrip(v),
            RemoteError v => RoundTrip(v),
            _ => throw new InvalidOperationException(value.GetType().Name),
        };
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void ListsRoundTrip()
    {
        var all = RoundTrip(new ConnectListAllDomainsRet([Guest, Stopped], 2));
        Assert.Equal([Guest, Stopped], all.Domains);
        Assert.Equal(2u, all.Count);

        Assert.Equal([1, 2, 30], RoundTrip(new ConnectListDomainsRet([1, 2, 30])).Ids);
        Assert.Equal(["a", "bb"], RoundTrip(new StringListValue(["a", "bb"])).Values);
        Assert.Equal([AuthType.None, AuthType.Polkit], RoundTrip(new AuthListRet([AuthType.None, AuthType.Polkit])).Types);

        var labels = RoundTrip(new DomainGetSecurityLabelListRet([new("a", 1), new("b", 0)], 2));
        Assert.Equal([new DomainGetSecurityLabelRet("a", 1), new DomainGetSecurityLabelRet("b", 0)], labels.Labels);
    }

    [Fact]
    public void TypedParametersOfEveryKindRoundTripInStatsRecords()
    {
        TypedParameter[] all =
        [
            TypedParameter.Int("state.state", -1), TypedParameter.UInt("vcpu.current", uint.MaxValue),
            TypedParameter.LLong("l", long.MinValue), TypedParameter.ULLong("cpu.time", ulong.MaxValue),
            TypedParameter.Double("d", 0.25), TypedParameter.Boolean("b", true), TypedParameter.String("block.0.name", "vda"),
        ];
        var args = RoundTrip(new ConnectGetAllDomainStatsArgs([Guest], 0x3F, 1U << 31));
        Assert.Equal([Guest], args.Doms);
        Assert.Equal((0x3Fu, 1U << 31), (args.Stats, args.Flags));
        var ret = RoundTrip(new ConnectGetAllDomainStatsRet([new DomainStatsRecord(Guest, all), new DomainStatsRecord(Stopped, [])]));
        Assert.Equal(all, ret.Records[0].Parameters);
        Assert.Equal(Stopped, ret.Records[1].Dom);
        Assert.Empty(ret.Records[1].Parameters);
        Assert.Equal(["-1", "4294967295", "-9223372036854775808", "18446744073709551615", "0.250000", "yes", "vda"], all.Select(p => p.ValueText));

        var memory = RoundTrip(new DomainMemoryStatsRet([new RemoteMemoryStat(MemoryStatTag.Rss, 1234)]));
        Assert.Equal([new RemoteMemoryStat(MemoryStatTag.Rss, 1234)], memory.Stats);
    }

    [Fact]
    public void ATypedParameterIsItsNameThenTypeThenValue()
    {
        var writer = new XdrWriter();
        TypedParameterXdr.WriteList(writer, [TypedParameter.UInt("ab", 5)], RemoteLimits.DomainStatsParametersMax);
        Assert.Equal("00000001" + "00000002" + "61620000" + "00000002" + "00000005", Convert.ToHexString(writer.WrittenSpan).ToLowerInvariant());

        writer = new XdrWriter();
        writer.WriteArrayCount(1, 1);
        writer.WriteString("x", 8);
        writer.WriteInt32(8); // no such virTypedParameterType
        writer.WriteInt32(0);
        Assert.Throws<MalformedMessageException>(() =>
        {
            var reader = new XdrReader(writer.WrittenSpan);
            TypedParameterXdr.ReadList(ref reader, 1);
        });
    }

    [Fact]
    public void ADomainIsNameThenUuidBytesInPrintedOrderThenId()
    {
        var writer = new XdrWriter();
        Guest.Encode(writer);
        Assert.Equal(
            "00000005" + "6775657374000000" + "11111111222233334444555555555555" + "00000007",
            Convert.ToHexString(writer.WrittenSpan).ToLowerInvariant());
    }

    [Fact]
    public void AListOverTheDomainLimitIsRefused()
    {
        var tooMany = Enumerable.Repeat(Guest, RemoteLimits.DomainListMax + 1).ToArray();
        Assert.Throws<ProtocolException>(() => Frame.Build(RemoteProgram.Call(RemoteProcedure.ConnectListAllDomains, 1),
            new ConnectListAllDomainsRet(tooMany, (uint)tooMany.Length)));
    }

    [Fact]
    public void AnInfoStateThatDoesNotFitAByteIsMalformed()
    {
        var writer = new XdrWriter();
        writer.WriteUInt32(256);
        writer.WriteUInt64(0);
        writer.WriteUInt64(0);
        writer.WriteUInt32(1);
        writer.WriteUInt64(0);
        Assert.Throws<MalformedMessageException>(() =>
        {
            var reader = new XdrReader(writer.WrittenSpan);
            DomainGetInfoRet.Decode(ref reader);
        });
    }

    [Fact]
    public void EveryTableEntryIsFoundByItsNumber()
    {
        foreach (var procedure in Enum.GetValues<RemoteProcedure>())
        {
            var call = RemoteCalls.Find((int)procedure);
            if (call is not null)
                Assert.Equal(procedure, call.Procedure);
        }

        Assert.Null(RemoteCalls.Find(-1));
        Assert.Same(RemoteCalls.DomainGetState, RemoteCalls.Find((int)RemoteProcedure.DomainGetState));
    }

    [Fact]
    public void ATypedCallBuildsFramesBothWays()
    {
        byte[] callFrame = RemoteCalls.DomainLookupByName.Call(5, new StringValue("guest"));
        var call = Frame.Parse(callFrame);
        Assert.Equal(RemoteProgram.Call(RemoteProcedure.DomainLookupByName, 5), call.Header);
        Assert.Equal("guest", RemoteCalls.DomainLookupByName.Arguments(call).Value);

        var reply = Frame.Parse(RemoteCalls.DomainLookupByName.Reply(call.Header, new DomainValue(Guest)));
        Assert.Equal(call.Header.ReplyHeader(), reply.Header);
        Assert.Equal(Guest, RemoteCalls.DomainLookupByName.Result(reply).Dom);
        Assert.Equal(0, Frame.Parse(RemoteCalls.ConnectClose.Call(9, XdrVoid.Value)).Payload.Length);
    }

    [Fact]
    public void ATypedEventBuildsAndRecognisesItsFrames()
    {
        var msg = new DomainEventCallbackLifecycleMsg(2, new DomainEventLifecycleMsg(Guest, (int)DomainEventType.Started, 0));
        var message = Frame.Parse(RemoteEvents.CallbackLifecycle.Build(msg));
        Assert.True(RemoteEvents.CallbackLifecycle.Matches(message));
        Assert.False(RemoteEvents.CallbackReboot.Matches(message));
        Assert.Equal(msg, RemoteEvents.CallbackLifecycle.Decode(message));
    }
}
