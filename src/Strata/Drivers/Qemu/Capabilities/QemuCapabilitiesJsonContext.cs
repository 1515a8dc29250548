using System.Text.Json.Serialization;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>One cache file: the probe result and the identity of the binary it describes.</summary>
internal sealed record QemuCapabilitiesCacheEntry(
    int Format,
    string EmulatorPath,
    long Size,
    long ModifiedTicks,
    QemuCapabilities Capabilities);

/// <summary>Source-generated (AOT-safe) JSON for the capabilities cache.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(QemuCapabilitiesCacheEntry))]
internal sealed partial class QemuCapabilitiesJsonContext : JsonSerializerContext;
