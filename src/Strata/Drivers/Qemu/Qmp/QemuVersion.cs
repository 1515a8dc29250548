using System.Globalization;
using System.Text.Json.Serialization;

namespace Strata.Drivers.Qemu.Qmp;

/// <summary>A QEMU release as QMP reports it (the greeting and <c>query-version</c>).</summary>
public sealed record QemuVersion(int Major, int Minor, int Micro, string Package = "") : IComparable<QemuVersion>
{
    /// <summary>The version encoded as libvirt does: major * 1,000,000 + minor * 1,000 + micro.</summary>
    [JsonIgnore]
    public ulong LibvirtNumber => (ulong)Major * 1_000_000 + (ulong)Minor * 1_000 + (ulong)Micro;

    /// <summary>Compares by major, minor, then micro; the package string plays no part.</summary>
    public int CompareTo(QemuVersion? other)
    {
        if (other is null) return 1;
        int byMajor = Major.CompareTo(other.Major);
        if (byMajor != 0) return byMajor;
        int byMinor = Minor.CompareTo(other.Minor);
        return byMinor != 0 ? byMinor : Micro.CompareTo(other.Micro);
    }

    /// <summary>True when this version is at least major.minor.micro.</summary>
    public bool IsAtLeast(int major, int minor, int micro = 0) => CompareTo(new QemuVersion(major, minor, micro)) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Micro}");
}
