using System.Globalization;
using System.Xml.Linq;
using Strata.Domains;
using Strata.Images;
using static Strata.Domains.XmlChecks;

namespace Strata.Pools;

/// <summary>libvirt's storage volume XML: read for <c>vol-create</c>, written for <c>vol-dumpxml</c>.</summary>
public static class VolumeXml
{
    public static VolumeDefinition Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root = RequireVolume(xml);
        Allow(root, ["type"], ["name", "key", "capacity", "allocation", "physical", "target", "backingStore"]);
        if (Attr(root, "type") is { } type and not "file")
            throw Unsupported($"volume type '{type}' is not supported in a directory pool (only 'file' is)");

        string name = root.Element("name")?.Value ?? throw Invalid("missing volume name element");
        StorageNames.ValidateVolume(name);
        ulong capacity = Size(root.Element("capacity") ?? throw Invalid("missing capacity element"));
        ulong? allocation = root.Element("allocation") is { } allocationElement ? Size(allocationElement) : null;

        ImageFormat format = ImageFormat.Raw;
        int? mode = null;
        if (root.Element("target") is { } target)
        {
            // The path and key of a directory pool's volume follow from its name; timestamps are read-only facts.
            Allow(target, [], ["path", "format", "permissions", "timestamps"]);
            if (target.Element("format") is { } formatElement)
                format = ParseFormat(formatElement);
            if (target.Element("permissions") is { } permissions)
                mode = PoolXml.ParsePermissions(permissions).RequireProcessOwner("volume").Mode;
        }

        string? backingPath = null;
        ImageFormat? backingFormat = null;
        if (root.Element("backingStore") is { } backing)
        {
            Allow(backing, [], ["path", "format", "permissions", "timestamps"]);
            backingPath = backing.Element("path")?.Value.Trim() ?? throw Invalid("missing <path> in <backingStore>");
            if (!Path.IsPathFullyQualified(backingPath))
                throw Invalid($"backing store path '{backingPath}' must be absolute");
            if (backing.Element("format") is { } backingFormatElement)
                backingFormat = ParseFormat(backingFormatElement);
            if (format != ImageFormat.Qcow2)
                throw Unsupported($"a {FormatName(format)} volume cannot have a backing store (use format 'qcow2')");
        }

        return new VolumeDefinition
        {
            Name = name,
            Capacity = capacity,
            Allocation = allocation,
            Format = format,
            BackingPath = backingPath,
            BackingFormat = backingFormat,
            Mode = mode,
        };
    }

    /// <summary>
    /// What a copy's XML (<c>virStorageVolCreateXMLFrom</c>, as virsh's <c>vol-clone</c> sends it: the source's XML
    /// under a new name) asks of the new volume: its name, and its format when the XML names one.
    /// </summary>
    public static (string Name, ImageFormat? Format) ParseCopyTarget(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root = RequireVolume(xml);
        string name = root.Element("name")?.Value ?? throw Invalid("missing volume name element");
        StorageNames.ValidateVolume(name);
        var format = root.Element("target")?.Element("format") is { } formatElement ? ParseFormatName(RequiredAttr(formatElement, "type")) : (ImageFormat?)null;
        return (name, format);
    }

    /// <summary>
    /// A volume as another daemon describes it in its XML (<c>vol-dumpxml</c>): sizes, format, qcow2 details and
    /// backing store. File details (mode, owner, times) stay out: they describe the daemon's host.
    /// </summary>
    public static VolumeInfo ParseInfo(VolumeRef volume, string xml)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(xml);
        XElement root = RequireVolume(xml);
        XElement? target = root.Element("target");
        XElement? backing = root.Element("backingStore");
        return new VolumeInfo
        {
            Volume = volume,
            Format = target?.Element("format") is { } format ? ParseFormatName(RequiredAttr(format, "type")) : ImageFormat.Raw,
            Capacity = Size(root.Element("capacity") ?? throw Invalid("missing capacity element")),
            Allocation = root.Element("allocation") is { } allocation ? Size(allocation) : 0,
            Physical = root.Element("physical") is { } physical ? Size(physical) : null,
            Compat = target?.Element("compat")?.Value.Trim(),
            ClusterSize = target?.Element("clusterSize") is { } cluster ? checked((int)Size(cluster)) : null,
            LazyRefcounts = target?.Element("features")?.Element("lazy_refcounts") is not null,
            BackingPath = backing?.Element("path")?.Value.Trim() is { Length: > 0 } backingPath ? backingPath : null,
            BackingFormat = backing?.Element("format") is { } backingFormat ? ParseFormatName(RequiredAttr(backingFormat, "type")) : null,
        };
    }

    private static XElement RequireVolume(string xml)
    {
        XElement root = DomainXml.Load(xml, "storage volume definition");
        if (root.Name.LocalName != "volume" || root.Name.Namespace != XNamespace.None)
            throw Invalid($"unexpected root element <{NameOf(root)}>, expecting <volume>");
        return root;
    }

    /// <summary>The volume's XML as libvirt's directory pool writes it.</summary>
    public static string Format(VolumeInfo volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var w = new XmlWriterBuffer();
        w.Open("volume", ("type", "file"));
        w.Text("name", volume.Volume.Name);
        w.Text("key", volume.Volume.Key);
        w.Text("capacity", Num(volume.Capacity), ("unit", "bytes"));
        w.Text("allocation", Num(volume.Allocation), ("unit", "bytes"));
        if (volume.Physical is ulong physical)
            w.Text("physical", Num(physical), ("unit", "bytes"));
        w.Open("target");
        FormatSource(w, volume.Volume.Path, volume.Format, volume.Status);
        FormatQcow2Details(w, volume);
        w.Close("target");
        if (volume.BackingPath is { } backingPath)
        {
            w.Open("backingStore");
            FormatSource(w, backingPath, volume.BackingFormat, volume.BackingStatus);
            w.Close("backingStore");
        }
        w.Close("volume");
        return w.ToString();
    }

    /// <summary>libvirt's name of a format ("raw", "qcow2").</summary>
    public static string FormatName(ImageFormat format) => format == ImageFormat.Qcow2 ? "qcow2" : "raw";

    /// <summary>Reads a format name as virsh's <c>--format</c> and the XML's <c>&lt;format type&gt;</c> give it.</summary>
    public static ImageFormat ParseFormatName(string name) => name switch
    {
        "raw" => ImageFormat.Raw,
        "qcow2" => ImageFormat.Qcow2,
        "bochs" or "cloop" or "dmg" or "iso" or "cow" or "qcow" or "qed" or "vmdk" or "vpc" or "vdi" or "fat" or "vhd" or "ploop" or "luks" or "qcow3"
            => throw Unsupported($"volume format '{name}' is not supported (raw and qcow2 are)"),
        _ => throw Unsupported($"unknown volume format type {name}"),
    };

    private static ImageFormat ParseFormat(XElement element)
    {
        Allow(element, ["type"], []);
        return ParseFormatName(RequiredAttr(element, "type"));
    }

    private static void FormatSource(XmlWriterBuffer w, string path, ImageFormat? format, FileStatus? status)
    {
        w.Text("path", path);
        if (format is { } known)
            w.Empty("format", ("type", FormatName(known)));
        if (status is null)
            return;
        PoolXml.FormatPermissions(w, new FilePermissions(status.Mode, status.Owner, status.Group));
        w.Open("timestamps");
        w.Text("atime", status.Accessed.ToString());
        w.Text("mtime", status.Modified.ToString());
        w.Text("ctime", status.Changed.ToString());
        // Linux's stat(2) has no birth time; libvirt writes 0.
        w.Text("btime", "0");
        w.Close("timestamps");
    }


    /// <summary>What libvirt reads from a qcow2 header: its compat level, cluster size and (version 3) features.</summary>
    private static void FormatQcow2Details(XmlWriterBuffer w, VolumeInfo volume)
    {
        if (volume.Compat is { } compat)
            w.Text("compat", compat);
        if (volume.ClusterSize is int clusterSize)
            w.Text("clusterSize", clusterSize.ToString(CultureInfo.InvariantCulture), ("unit", "B"));
        if (volume.Compat != "1.1")
            return;
        if (volume.LazyRefcounts)
        {
            w.Open("features");
            w.Empty("lazy_refcounts");
            w.Close("features");
        }
        else
        {
            w.Empty("features");
        }
    }

    /// <summary>A scaled integer (<c>&lt;capacity unit='G'&gt;10&lt;/capacity&gt;</c>); bytes when no unit is given.</summary>
    private static ulong Size(XElement element)
    {
        Allow(element, ["unit"], []);
        string text = element.Value.Trim();
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            throw Invalid($"invalid value '{text}' for <{element.Name.LocalName}>: expected an unsigned integer");
        string? unit = Attr(element, "unit");
        ulong scale = unit is null ? 1 : MemoryUnits.Scale(unit, element.Name.LocalName);
        try
        {
            return checked(value * scale);
        }
        catch (OverflowException)
        {
            throw Invalid($"value '{text}' of <{element.Name.LocalName}> is too large");
        }
    }

    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
