using System.Globalization;
using System.Xml.Linq;
using Strata.Domains;
using static Strata.Domains.XmlChecks;

namespace Strata.Pools;

/// <summary>
/// libvirt's storage pool XML for directory pools, read strictly (what would change the pool is honoured or
/// refused, never dropped) and written as libvirt writes it.
/// </summary>
public static class PoolXml
{
    /// <summary>libvirt's mode for a directory a pool build creates.</summary>
    public const int DefaultDirectoryMode = 0x1C9; // 0711

    public static PoolDefinition Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root = DomainXml.Load(xml, "storage pool definition");
        if (root.Name.LocalName != "pool" || root.Name.Namespace != XNamespace.None)
            throw Invalid($"unexpected root element <{NameOf(root)}>, expecting <pool>");
        Allow(root, ["type"], ["name", "uuid", "capacity", "allocation", "available", "source", "target"]);
        string type = Attr(root, "type") ?? throw Invalid("storage pool type is missing (<pool type='dir'>)");
        if (type != "dir")
            throw Unsupported($"storage pool type '{type}' is not supported (only 'dir' is)");

        string name = root.Element("name")?.Value ?? throw Invalid("missing pool name element");
        StorageNames.ValidatePool(name);

        Guid uuid = Guid.NewGuid();
        if (root.Element("uuid") is { } uuidElement && !Guid.TryParse(uuidElement.Value.Trim(), out uuid))
            throw Invalid($"malformed uuid element '{uuidElement.Value}'");

        // Sizes are what the pool reports, not settings: libvirt reads them back and ignores them too.
        if (root.Element("source") is { } source)
            Allow(source, [], []);

        XElement target = root.Element("target") ?? throw Invalid("missing storage pool target path (<target><path>…</path></target>)");
        Allow(target, [], ["path", "permissions"]);
        string path = target.Element("path")?.Value.Trim() ?? throw Invalid("missing storage pool target path (<target><path>…</path></target>)");
        if (!Path.IsPathFullyQualified(path))
            throw Invalid($"storage pool target path '{path}' must be absolute");
        return new PoolDefinition
        {
            Name = name,
            Uuid = uuid,
            TargetPath = Canonical(path),
            Permissions = target.Element("permissions") is { } permissions ? ParsePermissions(permissions).RequireProcessOwner("pool directory") : null,
        };
    }

    /// <summary>
    /// The pool's XML: with <paramref name="live"/> (an active pool) its sizes and its directory's real
    /// permissions, as libvirt's live XML; without, the definition with zero sizes.
    /// </summary>
    public static string Format(PoolDefinition definition, PoolInfo? live = null, FileStatus? directory = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var w = new XmlWriterBuffer();
        w.Open("pool", ("type", "dir"));
        w.Text("name", definition.Name);
        w.Text("uuid", definition.Uuid.ToString());
        w.Text("capacity", Num(live?.Capacity ?? 0), ("unit", "bytes"));
        w.Text("allocation", Num(live?.Allocation ?? 0), ("unit", "bytes"));
        w.Text("available", Num(live?.Available ?? 0), ("unit", "bytes"));
        w.Open("source");
        w.Close("source");
        w.Open("target");
        w.Text("path", definition.TargetPath);
        var permissions = directory is not null ? new FilePermissions(directory.Mode, directory.Owner, directory.Group) : definition.Permissions;
        if (permissions is not null)
            FormatPermissions(w, permissions);
        w.Close("target");
        w.Close("pool");
        return w.ToString();
    }

    internal static void FormatPermissions(XmlWriterBuffer w, FilePermissions permissions)
    {
        w.Open("permissions");
        if (permissions.Mode is int mode)
            w.Text("mode", "0" + Convert.ToString(mode, 8).PadLeft(3, '0'));
        if (permissions.Owner is int owner)
            w.Text("owner", owner.ToString(CultureInfo.InvariantCulture));
        if (permissions.Group is int group)
            w.Text("group", group.ToString(CultureInfo.InvariantCulture));
        w.Close("permissions");
    }

    internal static FilePermissions ParsePermissions(XElement element)
    {
        Allow(element, [], ["mode", "owner", "group"]);
        int? mode = null;
        if (element.Element("mode") is { } modeElement)
        {
            try
            {
                mode = Convert.ToInt32(modeElement.Value.Trim(), 8);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw Invalid($"malformed octal mode '{modeElement.Value}' in <permissions>");
            }
            if (mode is < 0 or > 0xFFF)
                throw Invalid($"malformed octal mode '{modeElement.Value}' in <permissions>");
        }
        return new FilePermissions(mode, Id(element, "owner"), Id(element, "group"));
    }

    private static int? Id(XElement permissions, string name)
    {
        if (permissions.Element(name) is not { } element)
            return null;
        if (!int.TryParse(element.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id) || id < -1)
            throw Invalid($"malformed {name} element '{element.Value}' in <permissions>");
        // -1 means "whoever creates it", as in libvirt.
        return id == -1 ? null : id;
    }

    /// <summary>A path without trailing slashes or "." and ".." parts, as libvirt keeps target paths.</summary>
    internal static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
