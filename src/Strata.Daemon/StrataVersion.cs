namespace Strata.Daemon;

/// <summary>The version stratad reports as its library version (libvirt encodes it as major*1e6 + minor*1e3 + micro).</summary>
internal static class StrataVersion
{
    public const int Major = 0, Minor = 1, Micro = 0;

    public const ulong LibvirtNumber = Major * 1_000_000UL + Minor * 1_000UL + Micro;
}
