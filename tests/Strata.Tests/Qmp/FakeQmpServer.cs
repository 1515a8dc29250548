using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Strata.Drivers.Qemu.Qmp;

namespace Strata.Tests.Qmp;

/// <summary>An in-memory QMP peer: the test reads the client's requests and writes whatever bytes it likes back.</summary>
internal sealed class FakeQmpServer : IAsyncDisposable
{
    public const string Greeting = """{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2"}, "capabilities": ["oob"]}}""";

    private readonly Pipe _toClient = new();
    private readonly Pipe _toServer = new();
    private readonly StreamReader _requests;
    private readonly Stream _replies;

    public FakeQmpServer()
    {
        _requests = new StreamReader(_toServer.Reader.AsStream(), Encoding.UTF8);
        _replies = _toClient.Writer.AsStream();
    }

    public Stream ClientInput => _toClient.Reader.AsStream();
    public Stream ClientOutput => _toServer.Writer.AsStream();

    /// <summary>Greets, answers qmp_capabilities, and returns the connected client.</summary>
    public async Task<QmpClient> ConnectClientAsync()
    {
        var connecting = QmpClient.AttachAsync(ClientInput, ClientOutput, CancellationToken.None);
        await SendAsync(Greeting + "\r\n");
        using var negotiate = await ReadRequestAsync();
        Assert.Equal("qmp_capabilities", negotiate.RootElement.GetProperty("execute").GetString());
        await ReplyAsync(negotiate, "{}");
        return await connecting;
    }

    public async Task<JsonDocument> ReadRequestAsync()
    {
        string? line = await _requests.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(line);
        return JsonDocument.Parse(line);
    }

    public Task ReplyAsync(JsonDocument request, string returnJson) =>
        SendAsync($$"""{"return": {{returnJson}}, "id": {{request.RootElement.GetProperty("id").GetRawText()}}}""" + "\r\n");

    public async Task SendAsync(string text)
    {
        await _replies.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _replies.FlushAsync();
    }

    /// <summary>Sends bytes in pieces of <paramref name="chunk"/> bytes, flushing after each (partial reads on the client).</summary>
    public async Task SendInChunksAsync(string text, int chunk)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        for (int offset = 0; offset < bytes.Length; offset += chunk)
        {
            await _replies.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            await _replies.FlushAsync();
        }
    }

    /// <summary>Ends the stream towards the client, as QEMU exiting does.</summary>
    public async Task HangUpAsync() => await _toClient.Writer.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        await _toClient.Writer.CompleteAsync();
        await _toServer.Reader.CompleteAsync();
    }
}
