using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary><c>query-hotpluggable-cpus</c>: every vCPU slot of the machine, plugged or not.</summary>
    public async Task<IReadOnlyList<QmpHotpluggableCpu>> QueryHotpluggableCpusAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync("query-hotpluggable-cpus", null, cancellationToken).ConfigureAwait(false);
        var slots = new List<QmpHotpluggableCpu>();
        if (result.ValueKind != JsonValueKind.Array)
            return slots;
        foreach (var slot in result.EnumerateArray())
        {
            var props = new List<KeyValuePair<string, long>>();
            if (slot.TryGetProperty("props", out var members) && members.ValueKind == JsonValueKind.Object)
                foreach (var member in members.EnumerateObject())
                    if (member.Value.TryGetInt64(out long value))
                        props.Add(new(member.Name, value));
            slots.Add(new QmpHotpluggableCpu(GetString(slot, "type") ?? "", props, GetString(slot, "qom-path")));
        }
        return slots;
    }

    /// <summary><c>device_add</c> of a vCPU into <paramref name="slot"/>, with the device id <paramref name="id"/>.</summary>
    public Task AddCpuAsync(QmpHotpluggableCpu slot, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return ExecuteAsync("device_add", writer =>
        {
            writer.WriteString("driver", slot.Type);
            writer.WriteString("id", id);
            foreach (var (name, value) in slot.Props)
                writer.WriteNumber(name, value);
        }, cancellationToken);
    }
}
