using System.Net.Sockets;
using System.Text.Json;

namespace Strata.Drivers.Qemu.Qmp;

public sealed partial class QmpClient
{
    private async Task ReadLoopAsync()
    {
        string reason = "QEMU closed the monitor connection";
        try
        {
            while (true)
            {
                var message = await _reader.ReadMessageAsync(_shutdown.Token).ConfigureAwait(false);
                if (message is null) break;
                Dispatch(message.Value);
            }
        }
        catch (Exception) when (_shutdown.IsCancellationRequested)
        {
            reason = "the QMP connection was closed";
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
        {
            reason = $"the monitor connection failed: {error.Message}";
        }
        catch (Exception error) when (error is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            reason = $"QEMU sent a malformed QMP message: {error.Message}";
        }
        finally
        {
            // Whatever ended the loop, nobody may be left waiting on it.
            Close(reason);
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException("a QMP message is not a JSON object");

        if (root.TryGetProperty("event", out var eventName) && eventName.ValueKind == JsonValueKind.String)
        {
            DispatchEvent(ParseEvent(root, eventName));
        }
        else if (root.TryGetProperty("return", out var result))
        {
            if (TakePending(root) is { } pending) pending.Reply.TrySetResult(result.Clone());
        }
        else if (root.TryGetProperty("error", out var error))
        {
            if (TakePending(root) is { } pending)
            {
                string errorClass = GetString(error, "class") ?? "GenericError";
                string description = GetString(error, "desc") ?? "unknown error";
                pending.Reply.TrySetException(new QmpErrorException(pending.Command, errorClass, description));
            }
        }
        else if (root.TryGetProperty("QMP", out var greeting))
        {
            _greeting.TrySetResult(ParseGreeting(greeting));
        }
    }

    private PendingRequest? TakePending(JsonElement reply)
    {
        // Replies without our id (e.g. to a request QEMU could not parse) cannot be matched; they are dropped.
        if (!reply.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) return null;
        string? key = id.GetString();
        if (key is null) return null;
        lock (_stateLock)
        {
            return _pending.Remove(key, out var pending) ? pending : null;
        }
    }

    /// <summary>Seconds from 1970 to the end of year 9999, the last instant DateTimeOffset holds.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    private static QmpEvent ParseEvent(JsonElement root, JsonElement name)
    {
        var timestamp = DateTimeOffset.UtcNow;
        if (root.TryGetProperty("timestamp", out var stamp) && stamp.ValueKind == JsonValueKind.Object
            && stamp.TryGetProperty("seconds", out var seconds) && seconds.TryGetInt64(out long wholeSeconds)
            && stamp.TryGetProperty("microseconds", out var micro) && micro.TryGetInt64(out long microseconds)
            && wholeSeconds is >= 0 and < MaxUnixSeconds && microseconds is >= 0 and < 1_000_000)
        {
            timestamp = DateTimeOffset.UnixEpoch.AddTicks(wholeSeconds * TimeSpan.TicksPerSecond + microseconds * TimeSpan.TicksPerMicrosecond);
        }
        var data = root.TryGetProperty("data", out var payload) ? payload.Clone() : EmptyObject;
        return new QmpEvent(name.GetString() ?? "", data, timestamp);
    }

    private static QmpGreeting ParseGreeting(JsonElement greeting)
    {
        var version = new QemuVersion(0, 0, 0);
        if (greeting.TryGetProperty("version", out var versionObject) && versionObject.ValueKind == JsonValueKind.Object)
            version = ParseVersion(versionObject);
        var capabilities = new List<string>();
        if (greeting.TryGetProperty("capabilities", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String) capabilities.Add(item.GetString()!);
        }
        return new QmpGreeting(version, capabilities);
    }

    /// <summary>Reads the <c>{"qemu":{"major":…},"package":…}</c> object of the greeting and of query-version.</summary>
    internal static QemuVersion ParseVersion(JsonElement version)
    {
        int major = 0, minor = 0, micro = 0;
        if (version.TryGetProperty("qemu", out var qemu) && qemu.ValueKind == JsonValueKind.Object)
        {
            major = GetInt(qemu, "major");
            minor = GetInt(qemu, "minor");
            micro = GetInt(qemu, "micro");
        }
        return new QemuVersion(major, minor, micro, GetString(version, "package")?.Trim() ?? "");
    }

    private static int GetInt(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.TryGetInt32(out int number) ? number : 0;

    private static string? GetString(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Marks the connection closed once: fails pending requests and event waiters, ends event streams.</summary>
    private void Close(string reason)
    {
        List<PendingRequest> pending;
        List<EventWaiter> waiters;
        List<EventSubscription> subscriptions;
        lock (_stateLock)
        {
            if (_closeReason is not null) return;
            _closeReason = reason;
            pending = [.. _pending.Values];
            _pending.Clear();
            waiters = [.. _waiters];
            _waiters.Clear();
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var request in pending)
            request.Reply.TrySetException(WentAway(request.Command, reason));
        foreach (var waiter in waiters)
            waiter.Completion.TrySetException(new HypervisorException($"QEMU went away while waiting for an event ({reason})"));
        foreach (var subscription in subscriptions)
            subscription.Channel.Writer.TryComplete();
        _greeting.TrySetException(new HypervisorException($"QEMU went away before its QMP greeting ({reason})"));
        _closed.TrySetResult();
    }
}
