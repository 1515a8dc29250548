using Strata.Protocol;

namespace Strata.Tests.Protocol;

/// <summary>The recorded virsh calls stay in step with the procedure table.</summary>
public class VirshCallsSpecs
{
    private static readonly Dictionary<string, int> ByName = Enum.GetValues<RemoteProcedure>()
        .ToDictionary(p => RemoteProcedureNames.Of((int)p)!, p => (int)p);

    [Fact]
    public void EveryProcedureVirshCalledIsInTheTable()
    {
        var missing = VirshCallsFixture.Sections
            .SelectMany(s => s.Lines)
            .Select(l => l.StartsWith("event: ", StringComparison.Ordinal) ? l["event: ".Length..] : l)
            .Where(l => !l.StartsWith("keepalive ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0])
            .Where(name => !ByName.ContainsKey(name))
            .Distinct()
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryProcedureHasItsLibvirtName()
    {
        Assert.All(Enum.GetValues<RemoteProcedure>(), p => Assert.NotNull(RemoteProcedureNames.Of((int)p)));
        Assert.Equal("connect_list_all_domains", RemoteProcedureNames.Of(273));
        Assert.Equal("domain_get_state", RemoteProcedureNames.Of(212));
        Assert.Equal("procedure 9999", RemoteProcedureNames.Describe(9999));
    }

    [Theory]
    [InlineData("virsh list --all")]
    [InlineData("virsh dominfo test")]
    [InlineData("virsh version")]
    [InlineData("virsh event --all --loop")]
    public void EveryCommandOpensTheSameWay(string command)
    {
        Assert.Equal(
            ["auth_list", "connect_supports_feature program_keepalive", "connect_open",
             "connect_supports_feature remote_event_callback", "connect_supports_feature remote_close_callback",
             "connect_register_close_callback"],
            VirshCallsFixture.Section(command).Take(6));
    }

    [Fact]
    public void EventLoopRegistersEveryEventKind()
    {
        var registrations = VirshCallsFixture.Section("virsh event --all --loop")
            .Where(l => l.StartsWith("connect_domain_event_callback_register_any", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(Enum.GetValues<DomainEventId>().Length, registrations.Count);
    }

    [Fact]
    public void LibvirtPythonSkipsTheKeepaliveQuestionAndTheCloseCallback()
    {
        Assert.Equal(
            ["auth_list", "connect_open", "connect_supports_feature remote_event_callback",
             "connect_supports_feature remote_close_callback", "connect_list_all_domains"],
            VirshCallsFixture.Section("libvirt-python").Take(5));
    }

    [Fact]
    public void StartingADomainLooksItUpAgainByUuidForItsNewId()
    {
        var python = VirshCallsFixture.Section("libvirt-python").ToList();
        int create = python.IndexOf("domain_create");
        Assert.Equal("domain_lookup_by_uuid", python[create + 1]);
    }
}
