using System.Globalization;
using System.Xml.Linq;
using Strata.Domains;

namespace Strata.Drivers.Qemu;

/// <summary>
/// What a running (or last stopped) domain's status file holds, as libvirt's /run/libvirt/qemu/NAME.xml:
/// the state and reason, the QEMU pid and QMP socket, the id, and the live domain XML. Any later process reads it
/// to reattach to the QEMU that an earlier one started.
/// </summary>
internal sealed record DomainStatusRecord(
    Guid Uuid,
    DomainStatus Status,
    int Id,
    int Pid,
    string QmpSocket,
    bool Persistent,
    DateTimeOffset Started,
    string LiveXml,
    bool FakeReboot = false)
{
    /// <summary>The record of a domain that has stopped: only the state and reason are kept.</summary>
    public DomainStatusRecord Stopped(ShutoffReason reason) =>
        this with { Status = DomainStatus.Shutoff(reason), Id = DomainRef.InactiveId, Pid = 0, FakeReboot = false };

    /// <summary>The record with <paramref name="live"/> as the running domain's definition.</summary>
    public DomainStatusRecord WithLive(DomainDefinition live) => this with { LiveXml = DomainXml.Format(live, Id) };

    public string ToXml()
    {
        var root = new XElement("domstatus",
            new XAttribute("uuid", Uuid),
            new XAttribute("state", (int)Status.State),
            new XAttribute("reason", Status.Reason),
            new XAttribute("id", Id),
            new XAttribute("pid", Pid),
            new XAttribute("persistent", Persistent ? "yes" : "no"),
            new XAttribute("started", Started.ToString("O", CultureInfo.InvariantCulture)),
            new XElement("monitor", new XAttribute("path", QmpSocket)));
        if (FakeReboot)
            root.Add(new XAttribute("fakeReboot", "yes"));
        root.Add(XElement.Parse(LiveXml));
        return root.ToString() + "\n";
    }

    public static DomainStatusRecord FromXml(string xml)
    {
        var root = XElement.Parse(xml);
        string Attr(string name) => (string?)root.Attribute(name) ?? throw new InvalidDataException($"status file lacks '{name}'");
        int Int(string name) => int.Parse(Attr(name), CultureInfo.InvariantCulture);
        var domain = root.Element("domain") ?? throw new InvalidDataException("status file lacks <domain>");
        return new DomainStatusRecord(
            Guid.Parse(Attr("uuid")),
            new DomainStatus((DomainState)Int("state"), Int("reason")),
            Int("id"),
            Int("pid"),
            (string?)root.Element("monitor")?.Attribute("path") ?? "",
            Attr("persistent") == "yes",
            DateTimeOffset.Parse(Attr("started"), CultureInfo.InvariantCulture),
            domain.ToString(),
            (string?)root.Attribute("fakeReboot") == "yes");
    }
}
