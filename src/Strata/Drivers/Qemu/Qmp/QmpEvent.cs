using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

/// <summary>An asynchronous QMP event; <paramref name="Data"/> is an empty object when QEMU sent none.</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset Timestamp)
{
    /// <summary>The <c>guest</c> member (SHUTDOWN, RESET): true when the guest asked for it, false when the host did.</summary>
    public bool? Guest => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("guest", out var guest)
        && guest.ValueKind is JsonValueKind.True or JsonValueKind.False ? guest.GetBoolean() : null;

    /// <summary>The <c>reason</c> member (SHUTDOWN, RESET): "guest-shutdown", "host-qmp-quit", "host-signal", ….</summary>
    public string? Reason => GetString("reason");

    /// <summary>A string member of <see cref="Data"/>, or null when absent or not a string.</summary>
    public string? GetString(string property) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}

