using Strata.Protocol;
using Strata.Tests.Support;

namespace Strata.Tests.Protocol;

/// <summary>Reads <c>VirshCalls.txt</c>: the calls real virsh and libvirt-python made, one section per command.</summary>
internal static class VirshCallsFixture
{
    public static string FilePath { get; } = Path.Combine(RepoRoot.Path, "tests", "Strata.Tests", "Protocol", "VirshCalls.txt");

    /// <summary>Every section: its title (<c>virsh ARGS</c> or <c>libvirt-python: …</c>) and its lines.</summary>
    public static IReadOnlyList<(string Title, List<string> Lines)> Sections { get; } = Load();

    /// <summary>The call lines of the first section whose title starts with <paramref name="title"/>, without error marks.</summary>
    public static IEnumerable<string> Section(string title) =>
        Sections.First(s => s.Title.StartsWith(title, StringComparison.Ordinal)).Lines
            .Where(l => !l.StartsWith("event:", StringComparison.Ordinal))
            .Select(l => l.Replace("  -> error", "", StringComparison.Ordinal));

    /// <summary>A call as the fixture writes it: the procedure's libvirt name, and for feature and event registration calls, what they ask for.</summary>
    public static string Describe(Message call)
    {
        string name = RemoteProcedureNames.Describe(call.Header.Procedure);
        return (RemoteProcedure)call.Header.Procedure switch
        {
            RemoteProcedure.ConnectSupportsFeature => $"{name} {FeatureName((DriverFeature)call.Decode<IntValue>().Value)}",
            RemoteProcedure.ConnectDomainEventCallbackRegisterAny => $"{name} event={(int)call.Decode<DomainEventCallbackRegisterAnyArgs>().EventId}",
            _ => name,
        };
    }

    private static string FeatureName(DriverFeature feature) => feature switch
    {
        DriverFeature.ProgramKeepalive => "program_keepalive",
        DriverFeature.TypedParamString => "typed_param_string",
        DriverFeature.RemoteEventCallback => "remote_event_callback",
        DriverFeature.RemoteCloseCallback => "remote_close_callback",
        _ => ((int)feature).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static List<(string, List<string>)> Load()
    {
        var sections = new List<(string, List<string>)>();
        foreach (string raw in File.ReadLines(FilePath))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
                sections.Add((line[1..^1], []));
            else
                sections[^1].Item2.Add(line);
        }
        return sections;
    }
}
