using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Drivers.Qemu.Capabilities;

/// <summary>
/// Asks a QEMU binary what it can do: starts it with no machine and QMP on stdio, runs the query commands,
/// then <c>quit</c>. Costs one QEMU start (about 0.1–0.3 s); <see cref="QemuCapabilitiesCache"/> keeps the answer.
/// </summary>
public static class QemuCapabilitiesProbe
{
    /// <summary>A bound on the whole probe when the caller gives none; QEMU answers in well under a second.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long QEMU gets to exit after <c>quit</c> before it is killed.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>The probe's command line: no guest, no devices, no user config, TCG (never touches /dev/kvm).</summary>
    internal static readonly string[] Arguments =
        ["-machine", "none", "-nodefaults", "-no-user-config", "-display", "none", "-accel", "tcg", "-qmp", "stdio"];

    /// <summary>Probes <paramref name="emulatorPath"/> now, without the cache.</summary>
    /// <exception cref="HypervisorException">QEMU failed to start or to answer.</exception>
    public static async Task<QemuCapabilities> ProbeAsync(string emulatorPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(emulatorPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        var token = timeout.Token;

        var start = new ProcessStartInfo(emulatorPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in Arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new HypervisorException($"cannot start {emulatorPath}");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new HypervisorException($"cannot start {emulatorPath}: {error.Message}", error);
        }
        using (process)
        {
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            try
            {
                await using var client = await QmpClient.AttachAsync(
                    process.StandardOutput.BaseStream, process.StandardInput.BaseStream, token).ConfigureAwait(false);
                var capabilities = await QueryAsync(client, emulatorPath, token).ConfigureAwait(false);
                await client.QuitAsync(token).ConfigureAwait(false);
                using var grace = CancellationTokenSource.CreateLinkedTokenSource(token);
                grace.CancelAfter(ExitGrace);
                try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
                return capabilities;
            }
            catch (HypervisorException error)
            {
                await WaitBrieflyAsync(process).ConfigureAwait(false);
                string detail;
                lock (stderr) detail = stderr.ToString().Trim();
                throw new HypervisorException(
                    $"probing {emulatorPath} failed: {(detail.Length > 0 ? detail : error.Message)}", error);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HypervisorException($"probing {emulatorPath} took longer than {DefaultTimeout.TotalSeconds:F0} s");
            }
            finally
            {
                if (!process.HasExited)
                {
                    try { process.Kill(); }
                    catch (InvalidOperationException) { }
                }
            }
        }
    }

    private static async Task WaitBrieflyAsync(Process process)
    {
        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try { await process.WaitForExitAsync(brief.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    /// <summary>The query commands, given a connected client.</summary>
    internal static async Task<QemuCapabilities> QueryAsync(QmpClient client, string emulatorPath, CancellationToken token)
    {
        var version = await client.QueryVersionAsync(token).ConfigureAwait(false);
        var target = await client.ExecuteAsync("query-target", null, token).ConfigureAwait(false);
        var machines = ParseMachines(await client.ExecuteAsync("query-machines", null, token).ConfigureAwait(false));
        var cpus = ParseCpuModels(await client.ExecuteAsync("query-cpu-definitions", null, token).ConfigureAwait(false));
        var options = await client.ExecuteAsync("query-command-line-options", null, token).ConfigureAwait(false);
        var devices = await ListTypesAsync(client, "device", token).ConfigureAwait(false);
        var accelerators = (await ListTypesAsync(client, "accel", token).ConfigureAwait(false))
            .Select(name => name.EndsWith("-accel", StringComparison.Ordinal) ? name[..^"-accel".Length] : name)
            .ToList();
        var kvm = await client.ExecuteAsync("query-kvm", null, token).ConfigureAwait(false);

        return new QemuCapabilities(
            emulatorPath,
            version,
            GetString(target, "arch") ?? "x86_64",
            machines,
            cpus,
            options.ValueKind == JsonValueKind.Array && options.EnumerateArray().Any(o => GetString(o, "option") == "sandbox"),
            devices,
            accelerators,
            GetBool(kvm, "present"),
            DateTimeOffset.UtcNow);
    }

    private static async Task<List<string>> ListTypesAsync(QmpClient client, string implements, CancellationToken token)
    {
        var types = await client.ExecuteAsync("qom-list-types", w =>
        {
            w.WriteString("implements", implements);
            w.WriteBoolean("abstract", false);
        }, token).ConfigureAwait(false);
        var names = new List<string>();
        if (types.ValueKind == JsonValueKind.Array)
            foreach (var type in types.EnumerateArray())
                if (GetString(type, "name") is { } name) names.Add(name);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    internal static List<QemuMachineType> ParseMachines(JsonElement list)
    {
        var machines = new List<QemuMachineType>();
        if (list.ValueKind != JsonValueKind.Array) return machines;
        foreach (var machine in list.EnumerateArray())
        {
            if (GetString(machine, "name") is not { } name) continue;
            int maxCpus = machine.TryGetProperty("cpu-max", out var max) && max.TryGetInt32(out int value) ? value : 1;
            machines.Add(new QemuMachineType(name, GetString(machine, "alias"), GetBool(machine, "is-default"), maxCpus, GetBool(machine, "deprecated")));
        }
        return machines;
    }

    internal static List<QemuCpuModel> ParseCpuModels(JsonElement list)
    {
        var models = new List<QemuCpuModel>();
        if (list.ValueKind != JsonValueKind.Array) return models;
        foreach (var model in list.EnumerateArray())
        {
            if (GetString(model, "name") is not { } name) continue;
            bool usable = !model.TryGetProperty("unavailable-features", out var missing)
                || missing.ValueKind != JsonValueKind.Array || missing.GetArrayLength() == 0;
            models.Add(new QemuCpuModel(name, usable, GetBool(model, "deprecated"), GetString(model, "alias-of")));
        }
        return models;
    }

    private static string? GetString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static bool GetBool(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
