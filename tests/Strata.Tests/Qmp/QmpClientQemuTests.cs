using System.Diagnostics;
using Strata.Drivers.Qemu.Qmp;
using Xunit.Abstractions;

namespace Strata.Tests.Qmp;

/// <summary>The QMP client against a real QEMU (TCG, no guest).</summary>
[Trait("Category", "Qemu")]
public class QmpClientQemuTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<QmpClient> ConnectAsync(QemuInstance qemu)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await QmpClient.ConnectAsync(qemu.SocketPath, TimeSpan.FromSeconds(10), timeout.Token);
    }

    [Fact]
    public async Task ConnectsAndQueriesStatusAndVersion()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        Assert.True(client.Version.Major >= 6, $"greeting version {client.Version}");
        var status = await client.QueryStatusAsync();
        Assert.Equal("running", status.Status);
        Assert.True(status.Running);
        var version = await client.QueryVersionAsync();
        Assert.Equal(client.Version, version);
        var raw = await client.ExecuteAsync("query-version");
        Assert.Equal(version.Major, raw.GetProperty("qemu").GetProperty("major").GetInt32());
    }

    [Fact]
    public async Task StopContinueAndResetRaiseTheirEvents()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        using var timeout = new CancellationTokenSource(Patience);

        var stopped = client.WaitForEventAsync(QmpEventNames.Stop, timeout.Token);
        await client.StopAsync(timeout.Token);
        await stopped;
        Assert.Equal("paused", (await client.QueryStatusAsync(timeout.Token)).Status);

        var resumed = client.WaitForEventAsync(QmpEventNames.Resume, timeout.Token);
        await client.ContinueAsync(timeout.Token);
        await resumed;
        Assert.True((await client.QueryStatusAsync(timeout.Token)).Running);

        var reset = client.WaitForEventAsync(QmpEventNames.Reset, timeout.Token);
        await client.SystemResetAsync(timeout.Token);
        var resetEvent = await reset;
        Assert.False(resetEvent.Guest);
        Assert.Equal("host-qmp-system-reset", resetEvent.Reason);
        Assert.True((DateTimeOffset.UtcNow - resetEvent.Timestamp).Duration() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task APrelaunchedPcMachineStartsAndSeesThePowerButton()
    {
        using var qemu = QemuInstance.Start("-S", "-machine", "pc", "-m", "64");
        await using var client = await ConnectAsync(qemu);
        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal("prelaunch", (await client.QueryStatusAsync(timeout.Token)).Status);
        var resumed = client.WaitForEventAsync(QmpEventNames.Resume, timeout.Token);
        await client.ContinueAsync(timeout.Token);
        await resumed;
        var powerdown = client.WaitForEventAsync(QmpEventNames.Powerdown, timeout.Token);
        await client.SystemPowerdownAsync(timeout.Token);
        await powerdown;
    }

    [Fact]
    public async Task AnUnknownCommandIsAQmpError()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        var error = await Assert.ThrowsAsync<QmpErrorException>(() => client.ExecuteAsync("no-such-command"));
        Assert.Equal("CommandNotFound", error.ErrorClass);
        // The connection is still good afterwards.
        Assert.True((await client.QueryStatusAsync()).Running);
    }

    [Fact]
    public async Task BadArgumentsAreAQmpError()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        var error = await Assert.ThrowsAsync<QmpErrorException>(
            () => client.ExecuteAsync("device_del", w => w.WriteString("id", "nothing-by-this-name")));
        Assert.Equal("DeviceNotFound", error.ErrorClass);
    }

    [Fact]
    public async Task KillingQemuFailsAPendingRequestPromptly()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        qemu.Freeze();
        var pending = client.ExecuteAsync("query-status");
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);

        var clock = Stopwatch.StartNew();
        qemu.Kill();
        var error = await Assert.ThrowsAsync<HypervisorException>(() => pending.WaitAsync(Patience));
        output.WriteLine($"pending request failed {clock.ElapsedMilliseconds} ms after SIGKILL: {error.Message}");
        Assert.Contains("QEMU went away", error.Message, StringComparison.Ordinal);
        await client.Closed.WaitAsync(Patience);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task QuitEndsTheProcessAndClosesTheClient()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        using var timeout = new CancellationTokenSource(Patience);
        var shutdown = client.WaitForEventAsync(QmpEventNames.Shutdown, timeout.Token);
        await client.QuitAsync(timeout.Token);
        var shutdownEvent = await shutdown;
        Assert.Equal("host-qmp-quit", shutdownEvent.Reason);
        await client.Closed.WaitAsync(timeout.Token);
        await qemu.WaitForExitAsync(timeout.Token);
    }

    [Fact]
    public async Task ManyConcurrentCallersEachGetTheirReply()
    {
        using var qemu = QemuInstance.Start();
        await using var client = await ConnectAsync(qemu);
        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            for (int round = 0; round < 10; round++)
            {
                var status = await client.QueryStatusAsync();
                Assert.Equal("running", status.Status);
                var version = await client.ExecuteAsync("query-version");
                Assert.True(version.TryGetProperty("qemu", out _));
            }
        }));
        await Task.WhenAll(calls).WaitAsync(Patience);
    }

    [Fact]
    public async Task SpeaksOverStdio()
    {
        var start = new ProcessStartInfo(QemuInstance.Emulator)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-machine", "none", "-nodefaults", "-display", "none", "-accel", "tcg", "-qmp", "stdio" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await using var client = await QmpClient.AttachAsync(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, timeout.Token);
            Assert.Equal("running", (await client.QueryStatusAsync(timeout.Token)).Status);
            await client.QuitAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public async Task MeasuresTheRoundTrip()
    {
        using var qemu = QemuInstance.Start();
        var connectClock = Stopwatch.StartNew();
        await using var client = await ConnectAsync(qemu);
        output.WriteLine($"connect (QEMU start + greeting + qmp_capabilities): {connectClock.Elapsed.TotalMilliseconds:F1} ms");
        for (int i = 0; i < 50; i++) await client.QueryStatusAsync();
        const int rounds = 2000;
        var samples = new double[rounds];
        for (int i = 0; i < rounds; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            await client.QueryStatusAsync();
            samples[i] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
        }
        Array.Sort(samples);
        output.WriteLine($"query-status round trip over {rounds}: min {samples[0]:F0} µs, median {samples[rounds / 2]:F0} µs, p99 {samples[rounds * 99 / 100]:F0} µs, max {samples[^1]:F0} µs");
        Assert.True(samples[rounds / 2] < 50_000);
    }
}

[Trait("Category", "Qemu")]
public class QmpClientStdioDisposalTests
{
    [Fact]
    public async Task DisposingAStdioClientReturnsPromptlyWhileQemuRuns()
    {
        var start = new ProcessStartInfo(QemuInstance.Emulator)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-machine", "none", "-nodefaults", "-display", "none", "-accel", "tcg", "-qmp", "stdio" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var client = await QmpClient.AttachAsync(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, timeout.Token);
            Assert.True((await client.QueryStatusAsync(timeout.Token)).Running);
            var clock = Stopwatch.StartNew();
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(client.Closed.IsCompleted);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }
}
