using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Protocol;

/// <summary>
/// Whole conversations between real virsh or libvirt-python and libvirtd (<c>Captures/*.frames</c>): every frame decodes
/// with the structs <see cref="RemoteCalls"/> names for its procedure, and encodes back to libvirt's exact bytes.
/// </summary>
public class CapturedConversationSpecs
{
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "Captures");

    public static TheoryData<string> Conversations() =>
        [.. Directory.GetFiles(Folder, "*.frames").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    private static List<(bool FromClient, byte[] Frame)> Load(string name) =>
        File.ReadLines(Path.Combine(Folder, name + ".frames"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (l[0] == 'C', Convert.FromHexString(l[2..])))
            .ToList();

    [Theory]
    [InlineData("qemu-setmem", "virsh setmem capq 250M (qemu driver, capq running)")]
    [InlineData("qemu-setvcpus-maximum", "virsh setvcpus capq 2 --config --maximum (qemu driver, capq shut off)")]
    [InlineData("qemu-attach-disk", "virsh attach-disk capq FILE vdb (qemu driver, capq running)")]
    [InlineData("qemu-detach-disk-config", "virsh detach-disk capq vdb --config (qemu driver, capq shut off)")]
    public void TheConversationsThatChangeADomainMakeTheCallsRecordedInTheFixture(string conversation, string section) =>
        AssertCallsAsRecorded(conversation, section);

    [Theory]
    [InlineData("qemu-domstats", "virsh domstats capq (qemu driver, capq running)")]
    [InlineData("qemu-vcpuinfo-inactive", "virsh vcpuinfo capq (qemu driver, capq shut off)")]
    [InlineData("qemu-domblkstat", "virsh domblkstat capq vda (qemu driver, capq running)")]
    [InlineData("qemu-domblkinfo-all", "virsh domblkinfo --all capq (qemu driver, capq running)")]
    public void TheMonitoringConversationsMakeTheCallsRecordedInTheFixture(string conversation, string section) =>
        AssertCallsAsRecorded(conversation, section);

    private static void AssertCallsAsRecorded(string conversation, string section)
    {
        var calls = Load(conversation).Where(f => f.FromClient).Select(f => Frame.Parse(f.Frame)).Where(m => RemoteProgram.Owns(m.Header));
        Assert.Equal(VirshCallsFixture.Section(section), calls.Select(VirshCallsFixture.Describe));
    }

    [Theory]
    [MemberData(nameof(Conversations))]
    public void EveryFrameDecodesAndEncodesBackToTheSameBytes(string conversation)
    {
        var frames = Load(conversation);
        var refused = frames.Select(f => Frame.Parse(f.Frame).Header).Where(h => h.Status == MessageStatus.Error).Select(h => h.Serial).ToHashSet();
        foreach (var (fromClient, frame) in frames)
        {
            var message = Frame.Parse(frame);
            var header = message.Header;
            // A call Strata has no structs for (unsupported.frames) may appear only where libvirtd refused it.
            if (fromClient && RemoteProgram.Owns(header) && RemoteCalls.Find(header.Procedure) is null)
            {
                Assert.Contains(header.Serial, refused);
                continue;
            }
            var writer = new XdrWriter();
            writer.BeginMessage(header);

            if (KeepaliveProgram.Owns(header))
            {
                Assert.True(KeepaliveProgram.IsPing(header) || KeepaliveProgram.IsPong(header));
            }
            else if (header.Type == MessageType.Message)
            {
                Assert.False(fromClient);
                var lifecycle = RemoteEvents.CallbackLifecycle;
                Assert.True(lifecycle.Matches(message), $"unexpected event {RemoteProcedureNames.Describe(header.Procedure)}");
                lifecycle.Decode(message).Encode(writer);
            }
            else if (header.Status == MessageStatus.Error)
            {
                message.Decode<RemoteError>().Encode(writer);
            }
            else
            {
                var call = RemoteCalls.Find(header.Procedure);
                Assert.True(call is not null, $"no structs for {RemoteProcedureNames.Describe(header.Procedure)}");
                if (fromClient)
                {
                    Assert.Equal(MessageType.Call, header.Type);
                    call.EncodeArguments(writer, call.DecodeArguments(message));
                }
                else
                {
                    Assert.Equal(MessageType.Reply, header.Type);
                    call.EncodeResult(writer, call.DecodeResult(message));
                }
            }

            Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(writer.FinishMessage().Span));
        }
    }

    [Theory]
    [MemberData(nameof(Conversations))]
    public void EveryReplyAnswersACallWithItsSerial(string conversation)
    {
        var frames = Load(conversation).Select(f => (f.FromClient, Frame.Parse(f.Frame).Header)).ToList();
        var calls = frames.Where(f => f.FromClient && f.Header.Type == MessageType.Call).ToDictionary(f => f.Header.Serial, f => f.Header);
        foreach (var (_, reply) in frames.Where(f => !f.FromClient && f.Header.Type == MessageType.Reply))
        {
            Assert.Equal(calls[reply.Serial].ReplyHeader(reply.Status), reply);
        }
    }

    [Fact]
    public void TheTypedTableDecodesVirshStart()
    {
        var frames = Load("lifecycle").Select(f => Frame.Parse(f.Frame)).ToList();
        var create = frames.First(m => m.Header.Procedure == (int)RemoteProcedure.DomainCreate && m.Header.Type == MessageType.Call);
        Assert.Equal("capdom", RemoteCalls.DomainCreate.Arguments(create).Dom.Name);
        var lookup = frames.First(m => m.Header.Procedure == (int)RemoteProcedure.DomainLookupByUuid && m.Header.Type == MessageType.Reply);
        Assert.NotEqual(RemoteDomain.InactiveId, RemoteCalls.DomainLookupByUuid.Result(lookup).Dom.Id);
    }

    [Fact]
    public void QemuDominfoCarriesTheTaintMessage()
    {
        var reply = Load("qemu-dominfo").Select(f => Frame.Parse(f.Frame))
            .Single(m => m.Header.Procedure == (int)RemoteProcedure.DomainGetMessages && m.Header.Type == MessageType.Reply);
        Assert.Equal(["tainted: running with undesirable elevated privileges"], RemoteCalls.DomainGetMessages.Result(reply).Values);
    }

    [Fact]
    public void QemuDominfoReportsNoSecurityDriver()
    {
        var frames = Load("qemu-dominfo").Select(f => Frame.Parse(f.Frame)).Where(m => m.Header.Type == MessageType.Reply).ToList();
        Assert.Equal(new NodeGetSecurityModelRet("none", "0"),
            RemoteCalls.NodeGetSecurityModel.Result(frames.Single(m => m.Header.Procedure == (int)RemoteProcedure.NodeGetSecurityModel)));
        var info = RemoteCalls.DomainGetInfo.Result(frames.Single(m => m.Header.Procedure == (int)RemoteProcedure.DomainGetInfo));
        Assert.Equal(new DomainGetInfoRet(1, 65536, 65536, 1, info.CpuTime), info);
    }
}
