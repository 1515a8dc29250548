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

    /// <summary>
    /// <c>device_del</c>, then the DEVICE_DELETED event that says the guest let the device go (the event wait starts
    /// before the command, so it cannot be missed).
    /// </summary>
    public async Task DeleteDeviceAsync(string id, CancellationToken cancellationToken = default)
    {
        var deleted = WaitForEventAsync(e => e.Name == "DEVICE_DELETED" && e.GetString("device") == id, cancellationToken);
        try
        {
            await ExecuteAsync("device_del", writer => writer.WriteString("id", id), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The wait ends when the connection closes; its failure then is of no interest.
            _ = deleted.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        await deleted.ConfigureAwait(false);
    }
}
