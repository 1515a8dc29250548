using System.Text.Json;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Tests.Qmp;

/// <summary>The client's side of the protocol, against an in-memory peer.</summary>
public class QmpClientProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TheHandshakeReadsTheGreetingVersion()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        Assert.Equal(new QemuVersion(7, 2, 22, "Debian 1:7.2"), client.Version);
        Assert.Equal(7_002_022UL, client.Version.LibvirtNumber);
        Assert.Equal(["oob"], client.ServerCapabilities);
    }

    [Fact]
    public async Task TheHandshakeSurvivesAGreetingInPieces()
    {
        await using var server = new FakeQmpServer();
        var connecting = QmpClient.AttachAsync(server.ClientInput, server.ClientOutput, CancellationToken.None);
        await server.SendInChunksAsync(FakeQmpServer.Greeting + "\r\n", 2);
        using var negotiate = await server.ReadRequestAsync();
        await server.ReplyAsync(negotiate, "{}");
        await using var client = await connecting.WaitAsync(Patience);
        Assert.Equal(2, client.Version.Minor);
    }

    [Fact]
    public async Task ArgumentsAreWrittenInsideAnArgumentsObject()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("device_del", w => w.WriteString("id", "net0"));
        using var request = await server.ReadRequestAsync();
        Assert.Equal("device_del", request.RootElement.GetProperty("execute").GetString());
        Assert.Equal("net0", request.RootElement.GetProperty("arguments").GetProperty("id").GetString());
        await server.ReplyAsync(request, "{}");
        var result = await running.WaitAsync(Patience);
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
    }

    [Fact]
    public async Task RepliesAreMatchedByIdWhateverTheirOrder()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        const int count = 200;
        var calls = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => client.ExecuteAsync("echo", w => w.WriteNumber("n", i))))
            .ToArray();
        var requests = new List<JsonDocument>();
        for (int i = 0; i < count; i++) requests.Add(await server.ReadRequestAsync());
        Assert.Equal(count, requests.Select(r => r.RootElement.GetProperty("id").GetString()).Distinct().Count());
        // Answer in reverse, several per write, each with the number its request carried.
        var batch = new System.Text.StringBuilder();
        foreach (var request in Enumerable.Reverse(requests))
        {
            int n = request.RootElement.GetProperty("arguments").GetProperty("n").GetInt32();
            batch.Append("{\"return\": ").Append(n).Append(", \"id\": ").Append(request.RootElement.GetProperty("id").GetRawText()).Append("}\r\n");
        }
        await server.SendInChunksAsync(batch.ToString(), 1000);
        for (int i = 0; i < count; i++)
            Assert.Equal(i, (await calls[i].WaitAsync(Patience)).GetInt32());
        requests.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task AnErrorReplyThrowsWithItsClassAndDescription()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("bogus");
        using var request = await server.ReadRequestAsync();
        string id = request.RootElement.GetProperty("id").GetRawText();
        await server.SendAsync("{\"id\": " + id + """, "error": {"class": "CommandNotFound", "desc": "The command bogus has not been found"}}""" + "\r\n");
        var error = await Assert.ThrowsAsync<QmpErrorException>(() => running.WaitAsync(Patience));
        Assert.Equal("CommandNotFound", error.ErrorClass);
        Assert.Equal("bogus", error.Command);
        Assert.Equal("internal error: unable to execute QEMU command 'bogus': The command bogus has not been found", error.Message);
    }

    [Fact]
    public async Task EndOfStreamFailsPendingRequestsAndCompletesClosed()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("query-status");
        (await server.ReadRequestAsync()).Dispose();
        await server.HangUpAsync();
        var error = await Assert.ThrowsAsync<HypervisorException>(() => running.WaitAsync(Patience));
        Assert.Contains("QEMU went away", error.Message, StringComparison.Ordinal);
        await client.Closed.WaitAsync(Patience);
        await Assert.ThrowsAsync<HypervisorException>(() => client.ExecuteAsync("query-status"));
        await Assert.ThrowsAsync<HypervisorException>(() => client.WaitForEventAsync("STOP"));
    }

    [Fact]
    public async Task ACancelledRequestLeavesTheConnectionUsable()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        using var timeout = new CancellationTokenSource();
        var slow = client.ExecuteAsync("slow", null, timeout.Token);
        using var slowRequest = await server.ReadRequestAsync();
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        await server.ReplyAsync(slowRequest, "\"late\"");

        var next = client.ExecuteAsync("next");
        using var nextRequest = await server.ReadRequestAsync();
        await server.ReplyAsync(nextRequest, "\"fine\"");
        Assert.Equal("fine", (await next.WaitAsync(Patience)).GetString());
    }

    [Fact]
    public async Task EventsReachWaitersHandlersAndStreams()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var seen = new List<string>();
        client.EventReceived += (_, e) => { lock (seen) seen.Add(e.Name); };
        var stream = client.ReadEventsAsync().GetAsyncEnumerator();
        var shutdown = client.WaitForEventAsync(QmpEventNames.Shutdown);
        var reset = client.WaitForEventAsync(e => e.Name == QmpEventNames.Reset && e.Guest == true);

        await server.SendAsync("""{"timestamp": {"seconds": 1795242765, "microseconds": 849966}, "event": "STOP"}""" + "\r\n"
            + """{"timestamp": {"seconds": 1795242765, "microseconds": 850094}, "event": "RESET", "data": {"guest": false, "reason": "host-qmp-system-reset"}}""" + "\r\n"
            + """{"timestamp": {"seconds": 1795242766, "microseconds": 1}, "event": "RESET", "data": {"guest": true, "reason": "guest-reset"}}""" + "\r\n"
            + """{"timestamp": {"seconds": 1795242767, "microseconds": 0}, "event": "SHUTDOWN", "data": {"guest": true, "reason": "guest-shutdown"}}""" + "\r\n");

        var down = await shutdown.WaitAsync(Patience);
        Assert.True(down.Guest);
        Assert.Equal("guest-shutdown", down.Reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795242767), down.Timestamp);
        Assert.Equal("guest-reset", (await reset.WaitAsync(Patience)).Reason);

        var streamed = new List<QmpEvent>();
        for (int i = 0; i < 4; i++)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Patience));
            streamed.Add(stream.Current);
        }
        Assert.Equal(["STOP", "RESET", "RESET", "SHUTDOWN"], streamed.Select(e => e.Name));
        Assert.Equal(JsonValueKind.Object, streamed[0].Data.ValueKind);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795242765).AddTicks(8_499_660), streamed[0].Timestamp);
        lock (seen) Assert.Equal(["STOP", "RESET", "RESET", "SHUTDOWN"], seen);

        await server.HangUpAsync();
        Assert.False(await stream.MoveNextAsync().AsTask().WaitAsync(Patience));
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task DisposingFailsPendingRequests()
    {
        await using var server = new FakeQmpServer();
        var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("query-status");
        (await server.ReadRequestAsync()).Dispose();
        await client.DisposeAsync();
        await Assert.ThrowsAsync<HypervisorException>(() => running.WaitAsync(Patience));
        Assert.True(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task AGreetingThatNeverComesIsBoundedByTheToken()
    {
        await using var server = new FakeQmpServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => QmpClient.AttachAsync(server.ClientInput, server.ClientOutput, timeout.Token));
    }
}

public class QmpClientConnectTests
{
    [Fact]
    public async Task AMissingSocketIsAClearErrorAfterTheRetryWindow()
    {
        string path = Path.Combine(Path.GetTempPath(), "strata-missing-" + Guid.NewGuid().ToString("N") + ".sock");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HypervisorException>(
            () => QmpClient.ConnectAsync(path, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ASocketNobodyListensOnIsRefused()
    {
        string path = Path.Combine(Path.GetTempPath(), "strata-stale-" + Guid.NewGuid().ToString("N") + ".sock");
        using (var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        }
        try
        {
            await Assert.ThrowsAsync<HypervisorException>(() => QmpClient.ConnectAsync(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class QmpClientRobustnessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("{not json}\r\n")]
    [InlineData("[1,2,3]\r\n")]
    public async Task AMalformedMessageEndsTheConnectionAndFailsWhatIsPending(string garbage)
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("query-status");
        (await server.ReadRequestAsync()).Dispose();
        await server.SendAsync(garbage);
        var error = await Assert.ThrowsAsync<HypervisorException>(() => running.WaitAsync(Patience));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        await client.Closed.WaitAsync(Patience);
        Assert.Contains("malformed", client.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OddButValidMessagesAreTolerated()
    {
        await using var server = new FakeQmpServer();
        await using var client = await server.ConnectClientAsync();
        var running = client.ExecuteAsync("query-status");
        using var request = await server.ReadRequestAsync();
        // An event with a name that is not a string, one with an absurd timestamp, a reply to nobody, an unknown kind.
        await server.SendAsync("""{"event": 5}""" + "\r\n"
            + """{"event": "X", "timestamp": {"seconds": 99999999999999, "microseconds": -1}}""" + "\r\n"
            + """{"return": {}, "id": "someone-else"}""" + "\r\n"
            + """{"return": {}}""" + "\r\n"
            + """{"something": "new"}""" + "\r\n");
        await server.ReplyAsync(request, "{\"status\": \"running\", \"running\": true}");
        var result = await running.WaitAsync(Patience);
        Assert.Equal("running", result.GetProperty("status").GetString());
        Assert.False(client.Closed.IsCompleted);
    }
}

public class QmpClientDisposalRaceTests
{
    [Fact]
    public async Task CallsRacingWithDisposalFailAsQemuGoneAway()
    {
        await using var server = new FakeQmpServer();
        var client = await server.ConnectClientAsync();
        var calls = Enumerable.Range(0, 100).Select(_ => Task.Run(() => client.ExecuteAsync("query-status"))).ToList();
        await client.DisposeAsync();
        foreach (var call in calls)
        {
            var error = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.IsType<HypervisorException>(error);
        }
    }
}
