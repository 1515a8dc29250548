using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    /// <summary><c>query-cpus-fast</c>: each vCPU's index and host thread, without interrupting the guest.</summary>
    public async Task<IReadOnlyList<QmpVcpu>> QueryVcpusAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync("query-cpus-fast", null, cancellationToken).ConfigureAwait(false);
        var vcpus = new List<QmpVcpu>();
        if (result.ValueKind == JsonValueKind.Array)
            foreach (var cpu in result.EnumerateArray())
                vcpus.Add(new QmpVcpu(GetInt(cpu, "cpu-index"), GetInt(cpu, "thread-id")));
        return vcpus;
    }

    /// <summary>
    /// <c>query-blockstats</c> joined with <c>query-block</c>: every guest block device's counters and, where a
    /// medium is inserted, its image's sizes.
    /// </summary>
    public async Task<IReadOnlyList<QmpBlockStats>> QueryBlockStatsAsync(CancellationToken cancellationToken = default)
    {
        var counters = await ExecuteAsync("query-blockstats", null, cancellationToken).ConfigureAwait(false);
        var devices = await ExecuteAsync("query-block", null, cancellationToken).ConfigureAwait(false);
        var images = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (devices.ValueKind == JsonValueKind.Array)
            foreach (var device in devices.EnumerateArray())
                if (GetString(device, "qdev") is { } qdev && device.TryGetProperty("inserted", out var inserted)
                    && inserted.TryGetProperty("image", out var image))
                    images[qdev] = image;

        var all = new List<QmpBlockStats>();
        if (counters.ValueKind != JsonValueKind.Array)
            return all;
        foreach (var entry in counters.EnumerateArray())
        {
            if (GetString(entry, "qdev") is not { } qdev || !entry.TryGetProperty("stats", out var stats))
                continue;
            images.TryGetValue(qdev, out var image);
            all.Add(new QmpBlockStats(qdev)
            {
                ReadOperations = GetCounter(stats, "rd_operations"),
                ReadBytes = GetCounter(stats, "rd_bytes"),
                ReadTimeNs = GetCounter(stats, "rd_total_time_ns"),
                WriteOperations = GetCounter(stats, "wr_operations"),
                WriteBytes = GetCounter(stats, "wr_bytes"),
                WriteTimeNs = GetCounter(stats, "wr_total_time_ns"),
                FlushOperations = GetCounter(stats, "flush_operations"),
                FlushTimeNs = GetCounter(stats, "flush_total_time_ns"),
                WriteHighestOffset = GetCounter(stats, "wr_highest_offset"),
                VirtualSize = image.ValueKind == JsonValueKind.Object ? GetCounter(image, "virtual-size") : null,
                ActualSize = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("actual-size", out _) ? GetCounter(image, "actual-size") : null,
            });
        }
        return all;
    }

    /// <summary><c>query-balloon</c>: the guest's memory as the balloon sets it, in bytes; null without a balloon device.</summary>
    public async Task<ulong?> QueryBalloonAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return GetCounter(await ExecuteAsync("query-balloon", null, cancellationToken).ConfigureAwait(false), "actual");
        }
        catch (QmpErrorException)
        {
            return null; // DeviceNotActive: the domain has no balloon
        }
    }

    private static ulong GetCounter(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.TryGetUInt64(out ulong number) ? number : 0;
}
